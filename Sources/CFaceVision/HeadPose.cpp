// Head pose from six landmarks and a generic 3D face (the widely used model of Mallick,
// learnopencv 2016), solved with cv::solvePnP. The model is written in camera axes (x right,
// y down, z away from the camera) so a face looking into the lens gives the identity rotation.
// Without the person's camera intrinsics the focal length is taken as the frame width, the usual
// assumption for a ~55 degree phone camera; angles are therefore approximate (+- several degrees).
#include "FaceWorker.hpp"

#include <cmath>
#include <opencv2/calib3d.hpp>

namespace cfv {

bool estimate_head_pose(const std::vector<cv::Point2f> &p, cv::Size frame, float &yaw, float &pitch, float &roll) {
    static const std::vector<cv::Point3d> model = {
        {0.0, 0.0, 0.0},           // 30 nose tip
        {0.0, 330.0, 65.0},        // 8 chin
        {-225.0, -170.0, 135.0},   // 36 outer corner of the image-left eye
        {225.0, -170.0, 135.0},    // 45 outer corner of the image-right eye
        {-150.0, 150.0, 125.0},    // 48 image-left mouth corner
        {150.0, 150.0, 125.0},     // 54 image-right mouth corner
    };
    const std::vector<cv::Point2d> image = {p[30], p[8], p[36], p[45], p[48], p[54]};
    const double eye_span = cv::norm(p[45] - p[36]);
    if (eye_span < 4.0) return false;

    const double f = double(frame.width);
    const cv::Matx33d camera(f, 0, frame.width / 2.0, 0, f, frame.height / 2.0, 0, 0, 1);
    // Start from a frontal face at the distance its eye span implies: deterministic and avoids the
    // mirrored solution the unguided solver sometimes lands in.
    cv::Mat rvec = cv::Mat::zeros(3, 1, CV_64F);
    const double z = f * 450.0 / eye_span;
    cv::Mat tvec = (cv::Mat_<double>(3, 1) << (p[30].x - frame.width / 2.0) * z / f,
                    (p[30].y - frame.height / 2.0) * z / f, z);
    if (!cv::solvePnP(model, image, camera, cv::noArray(), rvec, tvec, true, cv::SOLVEPNP_ITERATIVE)) return false;
    if (tvec.at<double>(2) <= 0) return false;

    cv::Matx33d r;
    cv::Rodrigues(rvec, r);
    // R = Rz(roll) * Ry(yaw) * Rx(pitch) in camera axes.
    const double rad = 180.0 / CV_PI;
    const double yaw_cam = std::asin(std::max(-1.0, std::min(1.0, -r(2, 0))));
    const double pitch_cam = std::atan2(r(2, 1), r(2, 2));
    const double roll_cam = std::atan2(r(1, 0), r(0, 0));
    // Positive rotation about the camera's x axis tips the face downwards: report chin-up as positive.
    yaw = float(yaw_cam * rad);
    pitch = float(-pitch_cam * rad);
    roll = float(roll_cam * rad);
    return std::isfinite(yaw) && std::isfinite(pitch) && std::isfinite(roll);
}

}  // namespace cfv
