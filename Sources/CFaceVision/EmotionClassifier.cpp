// FER2013 mini-Xception on a 64x64 grayscale crop. The crop follows the `fer` package the weights
// come from: the box made square around its centre, widened by a margin, black where it leaves the
// frame; pixels scaled to [-1, 1] ((p - 127.5) * 2/255), NCHW [1,1,64,64]
// (see scripts/convert_emotion_model.py for the ONNX contract).
#include "FaceWorker.hpp"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace cfv {

namespace {
constexpr float kMarginPerSide = 0.10f;  // share of the square side added on each side
}

bool classify_emotion(cv::dnn::Net &net, const cv::Mat &gray, const cfv_box &box, float probabilities[CFV_EMOTION_COUNT]) {
    const float side = std::max(box.width, box.height) * (1.0f + 2.0f * kMarginPerSide);
    const float cx = box.x + box.width / 2.0f, cy = box.y + box.height / 2.0f;
    const cv::Rect square(int(std::lround(cx - side / 2.0f)), int(std::lround(cy - side / 2.0f)),
                          int(std::lround(side)), int(std::lround(side)));
    if (square.width < 8 || square.height < 8) return false;

    cv::Mat crop(square.size(), CV_8UC1, cv::Scalar(0));
    const cv::Rect inside = square & cv::Rect(0, 0, gray.cols, gray.rows);
    if (inside.area() == 0) return false;
    gray(inside).copyTo(crop(cv::Rect(inside.x - square.x, inside.y - square.y, inside.width, inside.height)));

    cv::Mat face;
    cv::resize(crop, face, cv::Size(64, 64), 0, 0, cv::INTER_LINEAR);
    net.setInput(cv::dnn::blobFromImage(face, 2.0 / 255.0, cv::Size(64, 64), cv::Scalar(127.5), false, false));
    const cv::Mat out = net.forward();
    if (out.total() != CFV_EMOTION_COUNT) return false;
    const float *p = out.ptr<float>();
    double sum = 0;
    for (int i = 0; i < CFV_EMOTION_COUNT; ++i) {
        if (!std::isfinite(p[i]) || p[i] < 0) return false;
        sum += p[i];
    }
    if (sum <= 0) return false;
    for (int i = 0; i < CFV_EMOTION_COUNT; ++i) probabilities[i] = float(p[i] / sum);  // softmax output; renormalise rounding
    return true;
}

}  // namespace cfv
