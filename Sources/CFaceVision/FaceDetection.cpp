// res10 SSD face detection. The network sees the frame squeezed to 300x300 (or, when following a
// face in a video, a crop around it at a scale that shows that face at a set size) with the BGR means it was trained with; its
// DetectionOutput layer already applies non-maximum suppression.
#include "FaceWorker.hpp"

#include <algorithm>
#include <cmath>

namespace cfv {

namespace {

/// Runs the SSD on `region` of the frame resized to `input` and keeps the boxes that pass `params`,
/// in frame coordinates. `crossed_edge` tells whether a kept box runs past an edge of the region
/// that lies inside the frame (the face may continue beyond the crop).
std::vector<cfv_box> run_detector(cv::dnn::Net &detector, const cv::Mat &bgr, const cv::Rect &region, cv::Size input,
                                  const cfv_detection_params &params, bool &crossed_edge) {
    crossed_edge = false;
    const cv::Mat blob = cv::dnn::blobFromImage(bgr(region), 1.0, input, cv::Scalar(104.0, 177.0, 123.0),
                                                /*swapRB=*/false, /*crop=*/false);
    detector.setInput(blob);
    const cv::Mat output = detector.forward();  // [1, 1, N, 7]: image, label, score, x1, y1, x2, y2
    const cv::Mat rows(output.size[2], output.size[3], CV_32F, const_cast<float *>(output.ptr<float>()));

    const float w = float(bgr.cols), h = float(bgr.rows);
    const float rx = float(region.x), ry = float(region.y), rw = float(region.width), rh = float(region.height);
    std::vector<cfv_box> boxes;
    for (int i = 0; i < rows.rows; ++i) {
        const float *r = rows.ptr<float>(i);
        const float score = r[2];
        if (!(score >= params.min_confidence)) continue;
        const float x1 = rx + r[3] * rw, y1 = ry + r[4] * rh, x2 = rx + r[5] * rw, y2 = ry + r[6] * rh;
        const float bw = x2 - x1, bh = y2 - y1;
        if (!(bw > 0 && bh > 0) || !std::isfinite(bw) || !std::isfinite(bh)) continue;
        // Ghost boxes hang far outside the frame; a face cut by the border only a little is kept.
        const float out_x = std::max(0.0f, -x1) + std::max(0.0f, x2 - w);
        const float out_y = std::max(0.0f, -y1) + std::max(0.0f, y2 - h);
        if (out_x > params.max_outside_fraction * bw || out_y > params.max_outside_fraction * bh) continue;
        const float cx1 = std::max(0.0f, x1), cy1 = std::max(0.0f, y1);
        const float cx2 = std::min(w, x2), cy2 = std::min(h, y2);
        if (cx2 - cx1 < params.min_face_side || cy2 - cy1 < params.min_face_side) continue;
        if ((region.x > 0 && x1 < rx) || (region.y > 0 && y1 < ry) ||
            (region.x + region.width < bgr.cols && x2 > rx + rw) || (region.y + region.height < bgr.rows && y2 > ry + rh))
            crossed_edge = true;
        boxes.push_back(cfv_box{cx1, cy1, cx2 - cx1, cy2 - cy1, score});
    }
    // Largest first; ties broken by score and position so the order never depends on the network's.
    std::sort(boxes.begin(), boxes.end(), [](const cfv_box &a, const cfv_box &b) {
        const float area_a = a.width * a.height, area_b = b.width * b.height;
        if (area_a != area_b) return area_a > area_b;
        if (a.confidence != b.confidence) return a.confidence > b.confidence;
        if (a.x != b.x) return a.x < b.x;
        return a.y < b.y;
    });
    return boxes;
}

}  // namespace

std::vector<cfv_box> detect_faces(cv::dnn::Net &detector, const cv::Mat &bgr, const cfv_detection_params &params) {
    bool crossed_edge = false;
    return run_detector(detector, bgr, cv::Rect(0, 0, bgr.cols, bgr.rows), cv::Size(300, 300), params, crossed_edge);
}

bool detect_faces_near(cv::dnn::Net &crop_detector, const cv::Mat &bgr, const cfv_box &previous, const cfv_tracking &tracking,
                       const cfv_detection_params &params, std::vector<cfv_box> &boxes) {
    const float face = std::max(previous.width, previous.height);
    if (!(face > 0) || !(tracking.crop_scale > 0) || tracking.face_input_side <= 0) return false;
    // A square of crop_scale faces around the previous face's centre, cut to the frame, seen at its
    // own aspect ratio with the previous face at face_input_side pixels.
    const float half = face * tracking.crop_scale / 2.0f;
    const float cx = previous.x + previous.width / 2.0f, cy = previous.y + previous.height / 2.0f;
    const cv::Rect region = cv::Rect(int(std::lround(cx - half)), int(std::lround(cy - half)), int(std::lround(2 * half)),
                                     int(std::lround(2 * half))) & cv::Rect(0, 0, bgr.cols, bgr.rows);
    // Sides rounded up to multiples of 32: a net re-plans its layers whenever its input shape
    // changes, and a face's size changes by a few pixels from sample to sample.
    const float scale = float(tracking.face_input_side) / face;
    const auto quantised = [](float v) { return int(std::ceil(v / 32.0f)) * 32; };
    const cv::Size input(quantised(region.width * scale), quantised(region.height * scale));
    if (input.width < 32 || input.height < 32) return false;
    if (double(input.area()) >= 0.8 * 300.0 * 300.0) return false;  // no cheaper than the whole frame
    bool crossed_edge = false;
    boxes = run_detector(crop_detector, bgr, region, input, params, crossed_edge);
    return !boxes.empty() && !crossed_edge;
}

}  // namespace cfv
