// Turns C++ exceptions into cfv_status codes at the C boundary: nothing may unwind into Swift.
#pragma once

#include "CFaceVision.h"

#include <cstdio>
#include <exception>
#include <new>
#include <opencv2/core.hpp>
#include <string>

namespace cfv {

/// A failure with a status chosen by the code that knows what went wrong.
struct Failure : std::exception {
    cfv_status status;
    std::string message;
    Failure(cfv_status s, std::string m) : status(s), message(std::move(m)) {}
    const char *what() const noexcept override { return message.c_str(); }
};

inline void set_error(cfv_error *error, cfv_status status, const std::string &message) {
    if (!error) return;
    error->status = status;
    std::snprintf(error->message, CFV_MESSAGE_CAPACITY, "%s", message.c_str());
}

inline void clear_error(cfv_error *error) {
    if (!error) return;
    error->status = CFV_OK;
    error->message[0] = '\0';
}

/// Runs body and maps any exception to a status; OpenCV and dlib errors count as internal errors
/// unless the caller already classified them as a Failure.
template <typename Body>
int32_t guarded(cfv_error *error, cfv_status fallback, Body &&body) {
    clear_error(error);
    try {
        body();
        return CFV_OK;
    } catch (const Failure &f) {
        set_error(error, f.status, f.message);
        return f.status;
    } catch (const cv::Exception &e) {
        set_error(error, fallback, std::string("OpenCV: ") + e.err);
        return fallback;
    } catch (const std::bad_alloc &) {
        set_error(error, CFV_INTERNAL_ERROR, "out of memory");
        return CFV_INTERNAL_ERROR;
    } catch (const std::exception &e) {
        set_error(error, fallback, e.what());
        return fallback;
    } catch (...) {
        set_error(error, fallback, "unknown native error");
        return fallback;
    }
}

}  // namespace cfv
