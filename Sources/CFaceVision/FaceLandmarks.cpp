// dlib's 68-point shape predictor, run on the grayscale frame inside the detector's box.
#include "FaceWorker.hpp"

#include <dlib/opencv/cv_image.h>

namespace cfv {

bool predict_landmarks(const dlib::shape_predictor &predictor, const cv::Mat &gray, const cfv_box &box,
                       std::vector<cv::Point2f> &points) {
    const dlib::cv_image<unsigned char> image(gray);
    const dlib::rectangle rect(long(std::lround(box.x)), long(std::lround(box.y)),
                               long(std::lround(box.x + box.width)) - 1, long(std::lround(box.y + box.height)) - 1);
    const dlib::full_object_detection shape = predictor(image, rect);
    if (shape.num_parts() != CFV_LANDMARK_COUNT) return false;
    points.resize(CFV_LANDMARK_COUNT);
    for (unsigned long i = 0; i < shape.num_parts(); ++i) {
        const dlib::point p = shape.part(i);
        points[i] = cv::Point2f(float(p.x()), float(p.y()));
    }
    return true;
}

}  // namespace cfv
