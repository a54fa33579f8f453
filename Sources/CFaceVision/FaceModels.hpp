#pragma once

#include "CFaceVision.h"

#include <dlib/image_processing/shape_predictor.h>
#include <memory>
#include <opencv2/dnn.hpp>
#include <vector>

namespace cfv {

/// Immutable model data shared by all workers. The network files are kept as bytes so each worker
/// builds its own cv::dnn::Net without touching the disk again; the shape predictor (100 MB) is
/// loaded once and is safe to call from several threads (its operator() is const).
struct ModelData {
    std::vector<uchar> detector_config;
    std::vector<uchar> detector_weights;
    std::vector<uchar> emotion_model;
    dlib::shape_predictor landmarks;
};

cv::dnn::Net make_detector(const ModelData &data);
cv::dnn::Net make_emotion_net(const ModelData &data);

}  // namespace cfv

struct cfv_models {
    std::shared_ptr<const cfv::ModelData> data;
};
