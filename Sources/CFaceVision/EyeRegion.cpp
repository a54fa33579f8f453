// Eye openness and pupil position from the six landmarks of each eye.
//  - Eye aspect ratio (Soukupova & Cech 2016): (|p1-p5| + |p2-p4|) / (2 |p0-p3|); ~0.3 open, < 0.2 closed.
//  - Pupil: the darkest 20 % of the pixels inside the eye polygon (rim eroded, lightly blurred) are taken as
//    iris/pupil; their centroid is expressed along the corner-to-corner axis (x) and across it
//    between the lids (y). Crude next to a trained gaze model, but it needs no extra weights.
#include "FaceWorker.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace cfv {

namespace {
constexpr double kDarkShare = 0.20;
constexpr int kMinEyeWidth = 8;      // pixels between the corners
constexpr int kMinEyePixels = 12;    // pixels inside the polygon
constexpr double kMinOpenRatio = 0.12;

cv::Point2d pt(const std::vector<cv::Point2f> &p, int i) { return cv::Point2d(p[size_t(i)].x, p[size_t(i)].y); }
}  // namespace

float eye_aspect_ratio(const std::vector<cv::Point2f> &p, int first) {
    const double width = cv::norm(pt(p, first) - pt(p, first + 3));
    if (width <= 0) return 0.0f;
    const double a = cv::norm(pt(p, first + 1) - pt(p, first + 5));
    const double b = cv::norm(pt(p, first + 2) - pt(p, first + 4));
    return float((a + b) / (2.0 * width));
}

bool locate_pupil(const cv::Mat &gray, const std::vector<cv::Point2f> &p, int first, float &out_x, float &out_y) {
    const cv::Point2d left = pt(p, first), right = pt(p, first + 3);
    const cv::Point2d axis = right - left;
    const double width = cv::norm(axis);
    if (width < kMinEyeWidth) return false;
    if (eye_aspect_ratio(p, first) < kMinOpenRatio) return false;  // closed: no pupil to find

    std::vector<cv::Point> polygon;
    for (int i = 0; i < 6; ++i) polygon.emplace_back(int(std::lround(p[size_t(first + i)].x)), int(std::lround(p[size_t(first + i)].y)));
    const cv::Rect bounds = cv::boundingRect(polygon) & cv::Rect(0, 0, gray.cols, gray.rows);
    if (bounds.width < 3 || bounds.height < 3) return false;

    cv::Mat mask(bounds.size(), CV_8UC1, cv::Scalar(0));
    std::vector<cv::Point> local;
    for (const cv::Point &q : polygon) local.emplace_back(q.x - bounds.x, q.y - bounds.y);
    cv::fillConvexPoly(mask, local, cv::Scalar(255));
    // Lashes and lid shadows line the polygon's edge and pull a plain centroid upwards: drop a
    // one-pixel rim when the eye is tall enough to spare it.
    if (bounds.height >= 6) cv::erode(mask, mask, cv::Mat::ones(3, 3, CV_8U));
    cv::Mat eye;
    cv::GaussianBlur(gray(bounds), eye, cv::Size(3, 3), 0);

    std::vector<uchar> values;
    for (int y = 0; y < eye.rows; ++y)
        for (int x = 0; x < eye.cols; ++x)
            if (mask.at<uchar>(y, x)) values.push_back(eye.at<uchar>(y, x));
    if (int(values.size()) < kMinEyePixels) return false;
    const size_t k = size_t(double(values.size() - 1) * kDarkShare);
    std::nth_element(values.begin(), values.begin() + long(k), values.end());
    const uchar threshold = values[k];

    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < eye.rows; ++y)
        for (int x = 0; x < eye.cols; ++x)
            if (mask.at<uchar>(y, x) && eye.at<uchar>(y, x) <= threshold) {
                sx += x;
                sy += y;
                n += 1;
            }
    if (n == 0) return false;
    const cv::Point2d centre(bounds.x + sx / n, bounds.y + sy / n);

    // Along the corners: 0 at the image-left corner, 1 at the image-right one -> [-1, 1].
    const double t = (centre - left).dot(axis) / (width * width);
    // Across: signed distance along the downward normal, centred between the lids.
    const cv::Point2d normal(-axis.y / width, axis.x / width);
    const cv::Point2d mid = (left + right) * 0.5;
    const double upper = (((pt(p, first + 1) + pt(p, first + 2)) * 0.5) - mid).dot(normal);
    const double lower = (((pt(p, first + 4) + pt(p, first + 5)) * 0.5) - mid).dot(normal);
    const double half = (lower - upper) / 2.0;
    if (half <= 0.5) return false;
    const double v = ((centre - mid).dot(normal) - (upper + lower) / 2.0) / half;

    out_x = float(std::max(-1.0, std::min(1.0, 2.0 * t - 1.0)));
    out_y = float(std::max(-1.0, std::min(1.0, v)));
    return true;
}

}  // namespace cfv
