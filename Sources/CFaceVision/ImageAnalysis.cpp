// Still images: header probe and size limit first, structural completeness second, then decode.
#include "Boundary.hpp"
#include "FaceWorker.hpp"
#include "ImageProbe.hpp"

#include <cstring>
#include <opencv2/imgcodecs.hpp>

extern "C" int32_t cfv_worker_analyze_image(cfv_worker *worker, const char *path, int64_t max_pixels, int32_t max_side,
                                            const cfv_detection_params *params, cfv_image_probe *probe_out,
                                            cfv_frame_result *out, cfv_error *error) {
    return cfv::guarded(error, CFV_INTERNAL_ERROR, [&] {
        if (!worker || !path || !params || !out) throw cfv::Failure(CFV_INVALID_ARGUMENT, "worker, path, params and output are required");
        std::memset(out, 0, sizeof(*out));
        const cfv_image_probe probe = cfv::probe_image_bytes(cfv::read_file(path));
        if (probe_out) *probe_out = probe;
        if (int64_t(probe.width) * int64_t(probe.height) > max_pixels || probe.width > max_side || probe.height > max_side)
            throw cfv::Failure(CFV_IMAGE_TOO_LARGE, "image dimensions exceed the limit");
        if (!probe.complete) throw cfv::Failure(CFV_CORRUPT_MEDIA, "image file is truncated");

        cv::Mat image;
        try {
            image = cv::imread(path, cv::IMREAD_COLOR);  // applies EXIF orientation
        } catch (const cv::Exception &) {
            throw cfv::Failure(CFV_CORRUPT_MEDIA, "image decoder failed");
        }
        if (image.empty()) throw cfv::Failure(CFV_CORRUPT_MEDIA, "image decoder returned no pixels");
        out->sample_index = 0;
        out->timestamp_ms = 0;
        cfv::measure_frame(*worker, image, *params, nullptr, nullptr, *out);
    });
}
