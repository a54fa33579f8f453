// res10 SSD face detection. The network sees the frame squeezed to 300x300 with the BGR means it
// was trained with; its DetectionOutput layer already applies non-maximum suppression.
#include "FaceWorker.hpp"

#include <algorithm>
#include <cmath>

namespace cfv {

std::vector<cfv_box> detect_faces(cv::dnn::Net &detector, const cv::Mat &bgr, const cfv_detection_params &params) {
    const cv::Mat blob = cv::dnn::blobFromImage(bgr, 1.0, cv::Size(300, 300), cv::Scalar(104.0, 177.0, 123.0),
                                                /*swapRB=*/false, /*crop=*/false);
    detector.setInput(blob);
    const cv::Mat output = detector.forward();  // [1, 1, N, 7]: image, label, score, x1, y1, x2, y2
    const cv::Mat rows(output.size[2], output.size[3], CV_32F, const_cast<float *>(output.ptr<float>()));

    const float w = float(bgr.cols), h = float(bgr.rows);
    std::vector<cfv_box> boxes;
    for (int i = 0; i < rows.rows; ++i) {
        const float *r = rows.ptr<float>(i);
        const float score = r[2];
        if (!(score >= params.min_confidence)) continue;
        const float x1 = r[3] * w, y1 = r[4] * h, x2 = r[5] * w, y2 = r[6] * h;
        const float bw = x2 - x1, bh = y2 - y1;
        if (!(bw > 0 && bh > 0) || !std::isfinite(bw) || !std::isfinite(bh)) continue;
        // Ghost boxes hang far outside the frame; a face cut by the border only a little is kept.
        const float out_x = std::max(0.0f, -x1) + std::max(0.0f, x2 - w);
        const float out_y = std::max(0.0f, -y1) + std::max(0.0f, y2 - h);
        if (out_x > params.max_outside_fraction * bw || out_y > params.max_outside_fraction * bh) continue;
        const float cx1 = std::max(0.0f, x1), cy1 = std::max(0.0f, y1);
        const float cx2 = std::min(w, x2), cy2 = std::min(h, y2);
        if (cx2 - cx1 < params.min_face_side || cy2 - cy1 < params.min_face_side) continue;
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

}  // namespace cfv
