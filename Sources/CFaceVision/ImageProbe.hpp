#pragma once

#include "CFaceVision.h"

#include <cstdint>
#include <vector>

namespace cfv {

/// Reads a whole file; throws Failure(CFV_FILE_UNREADABLE) when it cannot.
std::vector<uint8_t> read_file(const char *path);

/// Fills format, size and completeness from the bytes alone; throws Failure for unknown formats
/// (CFV_UNSUPPORTED_FORMAT) and headers that contradict themselves (CFV_CORRUPT_MEDIA).
cfv_image_probe probe_image_bytes(const std::vector<uint8_t> &bytes);

}  // namespace cfv
