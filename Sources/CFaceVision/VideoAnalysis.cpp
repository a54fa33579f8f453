// Video through OpenCV's FFmpeg backend. Rotation metadata is applied by the backend; frames that
// are not sampled are only grabbed (decoded, never converted to BGR). Sampling follows presentation
// times (see cfv_video_request in the header).
#include "Boundary.hpp"
#include "CancelToken.hpp"
#include "FaceWorker.hpp"

#include <cmath>
#include <cstring>
#include <opencv2/videoio.hpp>

namespace cfv {
namespace {

cv::VideoCapture open_video(const char *path) {
    cv::VideoCapture capture;
    try {
        capture.open(path, cv::CAP_FFMPEG);
    } catch (const cv::Exception &) {
        throw Failure(CFV_CORRUPT_MEDIA, "video cannot be opened");
    }
    if (!capture.isOpened()) throw Failure(CFV_CORRUPT_MEDIA, "video cannot be opened by FFmpeg");
    capture.set(cv::CAP_PROP_ORIENTATION_AUTO, 1.0);
    return capture;
}

}  // namespace
}  // namespace cfv

extern "C" {

int32_t cfv_probe_video(const char *path, cfv_video_info *out, cfv_error *error) {
    return cfv::guarded(error, CFV_INTERNAL_ERROR, [&] {
        if (!path || !out) throw cfv::Failure(CFV_INVALID_ARGUMENT, "path and output are required");
        std::memset(out, 0, sizeof(*out));
        cv::VideoCapture capture = cfv::open_video(path);
        const double fps = capture.get(cv::CAP_PROP_FPS);
        const double frames = capture.get(cv::CAP_PROP_FRAME_COUNT);
        out->fps = std::isfinite(fps) && fps > 0 ? fps : 0;
        out->frame_count = std::isfinite(frames) && frames > 0 ? int64_t(std::llround(frames)) : 0;
        out->duration_s = out->fps > 0 ? double(out->frame_count) / out->fps : 0;
        out->width = int32_t(capture.get(cv::CAP_PROP_FRAME_WIDTH));
        out->height = int32_t(capture.get(cv::CAP_PROP_FRAME_HEIGHT));
        out->rotation = int32_t(capture.get(cv::CAP_PROP_ORIENTATION_META));
    });
}

int32_t cfv_worker_analyze_video(cfv_worker *worker, const char *path, const cfv_video_request *request,
                                 const cfv_detection_params *params, cfv_frame_result *frames, int32_t capacity,
                                 cfv_video_report *report, const cfv_cancel_token *cancel, cfv_error *error) {
    return cfv::guarded(error, CFV_INTERNAL_ERROR, [&] {
        if (!worker || !path || !request || !params || !report || (capacity > 0 && !frames))
            throw cfv::Failure(CFV_INVALID_ARGUMENT, "worker, path, request, params, frames and report are required");
        const double interval = request->interval_ms;
        const int64_t k0 = request->first_sample, k1 = request->end_sample;
        if (!(interval > 0) || k0 < 0 || capacity < 0 || (k1 >= 0 && k1 <= k0))
            throw cfv::Failure(CFV_INVALID_ARGUMENT, "interval must be > 0 and the sample range non-empty");
        std::memset(report, 0, sizeof(*report));
        report->last_time_ms = -1;
        const double window_start = double(k0) * interval;  // the part's due times and frame window
        const double window_end = double(k1) * interval;

        cv::VideoCapture capture = cfv::open_video(path);
        bool have_previous = false;
        double previous = 0;  // presentation time of the frame before the current one
        const double fps = capture.get(cv::CAP_PROP_FPS);
        double step = std::isfinite(fps) && fps > 0 ? 1000.0 / fps : 0;  // last seen frame spacing
        if (k0 > 0) {
            // Land strictly before the first due time, so the frame preceding the first sample is seen.
            const double margins[] = {request->seek_margin_ms, 4.0 * request->seek_margin_ms};
            for (double margin : margins) {
                if (!capture.set(cv::CAP_PROP_POS_MSEC, std::max(0.0, window_start - margin))) break;
                if (!capture.grab()) break;
                ++report->frames_decoded;
                const double t = capture.get(cv::CAP_PROP_POS_MSEC);
                if (t < window_start) {
                    have_previous = true;
                    previous = t;
                    break;
                }
            }
            if (!have_previous) {
                capture = cfv::open_video(path);  // seeking failed: read from the start instead
                report->restarted = 1;
            }
        }

        // The face followed within the current tracking segment (see cfv_tracking).
        const int64_t segment_length = std::max<int64_t>(1, request->tracking.reacquire_every);
        bool following = false;
        int64_t followed_segment = -1;
        cfv_box followed{};

        cv::Mat frame;
        while (true) {
            if (cfv::is_cancelled(cancel)) throw cfv::Failure(CFV_CANCELLED, "cancelled");
            if (!capture.grab()) {
                report->reached_end = 1;
                break;
            }
            ++report->frames_decoded;
            double t = capture.get(cv::CAP_PROP_POS_MSEC);
            // Frames drained from the decoder at the end of the stream come without a timestamp
            // (OpenCV reports 0): continue the previous spacing instead.
            if (have_previous) {
                if (t > previous) step = t - previous;
                else t = previous + (step > 0 ? step : 1.0);
            }
            report->last_time_ms = t;
            // The first due time after the previous frame; this frame answers it if it is due by now.
            const int64_t owner = have_previous ? int64_t(std::floor(previous / interval)) + 1 : 0;
            const bool is_sample = double(owner) * interval <= t;
            if (k1 >= 0 && owner >= k1 && t >= window_end) break;  // everything from here is a later part's
            if ((k0 == 0 || t >= window_start) && (k1 < 0 || t < window_end)) ++report->frames_read;
            if (is_sample && owner >= k0 && (k1 < 0 || owner < k1)) {
                if (report->samples_written >= capacity) break;
                if (!capture.retrieve(frame) || frame.empty())
                    throw cfv::Failure(CFV_CORRUPT_MEDIA, "a video frame cannot be decoded");
                cfv_frame_result &result = frames[report->samples_written];
                result.sample_index = owner;
                result.timestamp_ms = t;
                const int64_t segment = owner / segment_length;
                const bool follow = segment_length > 1 && following && followed_segment == segment;
                cfv::measure_frame(*worker, frame, *params, follow ? &followed : nullptr, &request->tracking, result);
                following = segment_length > 1 && result.has_primary;
                followed = result.primary.box;
                followed_segment = segment;
                ++report->samples_written;
            }
            have_previous = true;
            previous = t;
        }
    });
}
}
