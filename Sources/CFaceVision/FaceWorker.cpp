// Worker lifecycle and the per-frame sequence: detect, then measure only the largest face.
#include "FaceWorker.hpp"
#include "Boundary.hpp"

#include <cstring>
#include <opencv2/imgproc.hpp>

namespace cfv {

void measure_frame(cfv_worker &worker, const cv::Mat &bgr, const cfv_detection_params &params, const cfv_box *previous,
                   const cfv_tracking *tracking, cfv_frame_result &out) {
    const int64_t sample_index = out.sample_index;
    const double timestamp = out.timestamp_ms;
    std::memset(&out, 0, sizeof(out));
    out.sample_index = sample_index;
    out.timestamp_ms = timestamp;
    out.width = bgr.cols;
    out.height = bgr.rows;

    std::vector<cfv_box> boxes;
    const bool following = tracking && tracking->reacquire_every > 1;
    out.tracked = following && previous && detect_faces_near(worker.crop_detector, bgr, *previous, *tracking, params, boxes) ? 1 : 0;
    cfv_box primary_box{};
    if (!out.tracked) {
        boxes = detect_faces(worker.detector, bgr, params);
        // When following, the face found in the whole frame is measured on the box the crop search
        // gives, so every box of a clip comes from the same kind of search: mixing the squeezed
        // whole-frame box with crop boxes would show up as face and head motion between samples.
        std::vector<cfv_box> near;
        if (following && !boxes.empty() && detect_faces_near(worker.crop_detector, bgr, boxes.front(), *tracking, params, near))
            primary_box = near.front();
        else if (!boxes.empty())
            primary_box = boxes.front();
    } else {
        primary_box = boxes.front();
    }
    out.face_count = int32_t(boxes.size());
    out.box_count = int32_t(std::min<size_t>(boxes.size(), CFV_MAX_BOXES));
    for (int i = 0; i < out.box_count; ++i) out.boxes[i] = boxes[size_t(i)];
    if (boxes.empty()) return;

    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    cfv_face_measurement &face = out.primary;
    out.has_primary = 1;
    face.box = primary_box;
    face.has_emotion = classify_emotion(worker.emotion, gray, face.box, face.emotion) ? 1 : 0;

    std::vector<cv::Point2f> points;
    if (!predict_landmarks(worker.models->landmarks, gray, face.box, points)) return;
    face.has_landmarks = 1;
    for (int i = 0; i < CFV_LANDMARK_COUNT; ++i) {
        face.landmarks[2 * i] = points[size_t(i)].x;
        face.landmarks[2 * i + 1] = points[size_t(i)].y;
    }
    face.has_pose = estimate_head_pose(points, bgr.size(), face.yaw, face.pitch, face.roll) ? 1 : 0;
    face.eye_aspect_left = eye_aspect_ratio(points, 36);
    face.eye_aspect_right = eye_aspect_ratio(points, 42);
    face.has_gaze_left = locate_pupil(gray, points, 36, face.gaze_left_x, face.gaze_left_y) ? 1 : 0;
    face.has_gaze_right = locate_pupil(gray, points, 42, face.gaze_right_x, face.gaze_right_y) ? 1 : 0;
}

}  // namespace cfv

extern "C" {

cfv_worker *cfv_worker_create(const cfv_models *models, cfv_error *error) {
    cfv_worker *result = nullptr;
    cfv::guarded(error, CFV_MODEL_LOAD_FAILED, [&] {
        if (!models || !models->data) throw cfv::Failure(CFV_INVALID_ARGUMENT, "models are required");
        auto worker = std::make_unique<cfv_worker>();
        worker->models = models->data;
        worker->detector = cfv::make_detector(*models->data);
        worker->crop_detector = cfv::make_detector(*models->data);
        worker->emotion = cfv::make_emotion_net(*models->data);
        result = worker.release();
    });
    return result;
}

void cfv_worker_destroy(cfv_worker *worker) { delete worker; }
}
