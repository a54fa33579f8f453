// Loading of the three models, once per process; workers only copy network bytes into a Net.
#include "FaceModels.hpp"
#include "Boundary.hpp"
#include "ImageProbe.hpp"

#include <dlib/serialize.h>

namespace cfv {

cv::dnn::Net make_detector(const ModelData &data) {
    cv::dnn::Net net = cv::dnn::readNetFromCaffe(
        reinterpret_cast<const char *>(data.detector_config.data()), data.detector_config.size(),
        reinterpret_cast<const char *>(data.detector_weights.data()), data.detector_weights.size());
    if (net.empty()) throw Failure(CFV_MODEL_LOAD_FAILED, "face detector network is empty");
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return net;
}

cv::dnn::Net make_emotion_net(const ModelData &data) {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(reinterpret_cast<const char *>(data.emotion_model.data()),
                                                data.emotion_model.size());
    if (net.empty()) throw Failure(CFV_MODEL_LOAD_FAILED, "emotion network is empty");
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return net;
}

namespace {

std::vector<uchar> read_model(const char *path, const char *what) {
    if (!path) throw Failure(CFV_INVALID_ARGUMENT, std::string(what) + " path is missing");
    try {
        std::vector<uint8_t> bytes = read_file(path);
        if (bytes.empty()) throw Failure(CFV_MODEL_LOAD_FAILED, std::string(what) + " file is empty");
        return std::vector<uchar>(bytes.begin(), bytes.end());
    } catch (const Failure &f) {
        throw Failure(CFV_MODEL_LOAD_FAILED, std::string(what) + ": " + f.message);
    }
}

}  // namespace
}  // namespace cfv

extern "C" {

cfv_models *cfv_models_load(const char *detector_config, const char *detector_weights, const char *landmark_model,
                            const char *emotion_model, cfv_error *error) {
    cfv_models *result = nullptr;
    cfv::guarded(error, CFV_MODEL_LOAD_FAILED, [&] {
        auto data = std::make_shared<cfv::ModelData>();
        data->detector_config = cfv::read_model(detector_config, "face detector config");
        data->detector_weights = cfv::read_model(detector_weights, "face detector weights");
        data->emotion_model = cfv::read_model(emotion_model, "emotion model");
        if (!landmark_model) throw cfv::Failure(CFV_INVALID_ARGUMENT, "landmark model path is missing");
        try {
            dlib::deserialize(landmark_model) >> data->landmarks;
        } catch (const std::exception &e) {
            throw cfv::Failure(CFV_MODEL_LOAD_FAILED, std::string("landmark model: ") + e.what());
        }
        if (data->landmarks.num_parts() != CFV_LANDMARK_COUNT)
            throw cfv::Failure(CFV_MODEL_LOAD_FAILED, "landmark model does not predict 68 points");
        // Build each network once so a broken file fails here, not in the first request.
        cfv::make_detector(*data);
        cfv::make_emotion_net(*data);
        result = new cfv_models{std::move(data)};
    });
    return result;
}

void cfv_models_destroy(cfv_models *models) { delete models; }

void cfv_set_num_threads(int32_t threads) { cv::setNumThreads(threads < 1 ? 1 : threads); }
}
