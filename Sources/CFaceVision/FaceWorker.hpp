#pragma once

#include "CFaceVision.h"
#include "FaceModels.hpp"

#include <opencv2/core.hpp>
#include <vector>

/// One thread's private networks plus a reference to the shared models.
struct cfv_worker {
    std::shared_ptr<const cfv::ModelData> models;
    cv::dnn::Net detector;
    cv::dnn::Net crop_detector;  // the same weights for crop searches: each net keeps its input shape
    cv::dnn::Net emotion;
};

namespace cfv {

/// Detects faces (largest first) with the res10 SSD.
std::vector<cfv_box> detect_faces(cv::dnn::Net &detector, const cv::Mat &bgr, const cfv_detection_params &params);

/// The SSD on a square crop around `previous` (see cfv_tracking), boxes in frame coordinates.
/// False when the crop is not usable, finds no face, or a face runs past an edge of the crop that
/// lies inside the frame: the caller then searches the whole frame.
bool detect_faces_near(cv::dnn::Net &crop_detector, const cv::Mat &bgr, const cfv_box &previous, const cfv_tracking &tracking,
                       const cfv_detection_params &params, std::vector<cfv_box> &boxes);

/// dlib's 68 landmarks inside the given face box.
bool predict_landmarks(const dlib::shape_predictor &predictor, const cv::Mat &gray, const cfv_box &box,
                       std::vector<cv::Point2f> &points);

/// FER2013 class probabilities for the face box (square crop with margin, 64x64 gray).
bool classify_emotion(cv::dnn::Net &net, const cv::Mat &gray, const cfv_box &box, float probabilities[CFV_EMOTION_COUNT]);

/// Yaw, pitch, roll in degrees from six landmarks and a generic 3D face; false when PnP fails.
bool estimate_head_pose(const std::vector<cv::Point2f> &points, cv::Size frame, float &yaw, float &pitch, float &roll);

/// Eye aspect ratio of the six eye points starting at first (36 or 42).
float eye_aspect_ratio(const std::vector<cv::Point2f> &points, int first);

/// Pupil offset inside the eye polygon starting at first; false when the eye is too small or closed.
bool locate_pupil(const cv::Mat &gray, const std::vector<cv::Point2f> &points, int first, float &x, float &y);

/// Detection plus the measurements of the largest face, into out (video fields untouched). With
/// `previous` (video), the detector first searches only around that face (see cfv_tracking).
void measure_frame(cfv_worker &worker, const cv::Mat &bgr, const cfv_detection_params &params, const cfv_box *previous,
                   const cfv_tracking *tracking, cfv_frame_result &out);

}  // namespace cfv
