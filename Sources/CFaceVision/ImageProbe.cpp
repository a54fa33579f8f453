// Header-only image probing: dimensions and truncation are known before a decoder allocates a
// pixel, so a crafted "20000 x 20000" file costs a few bytes of reading, not 1.2 GB of memory.
#include "ImageProbe.hpp"
#include "Boundary.hpp"

#include <cstring>
#include <fstream>

namespace cfv {
namespace {

uint32_t be16(const std::vector<uint8_t> &b, size_t p) { return (uint32_t(b[p]) << 8) | b[p + 1]; }
uint32_t be32(const std::vector<uint8_t> &b, size_t p) { return (be16(b, p) << 16) | be16(b, p + 2); }
uint32_t le16(const std::vector<uint8_t> &b, size_t p) { return uint32_t(b[p]) | (uint32_t(b[p + 1]) << 8); }
uint32_t le24(const std::vector<uint8_t> &b, size_t p) { return le16(b, p) | (uint32_t(b[p + 2]) << 16); }
uint32_t le32(const std::vector<uint8_t> &b, size_t p) { return le16(b, p) | (le16(b, p + 2) << 16); }

bool starts_with(const std::vector<uint8_t> &b, size_t at, const char *text) {
    size_t n = std::strlen(text);
    return b.size() >= at + n && std::memcmp(b.data() + at, text, n) == 0;
}

[[noreturn]] void corrupt(const char *what) { throw Failure(CFV_CORRUPT_MEDIA, what); }

/// Walks JPEG segments; entropy-coded data is scanned for the next real marker (0xFF followed by
/// anything but a stuffed 0x00, a restart marker or fill). Complete means EOI was reached.
cfv_image_probe probe_jpeg(const std::vector<uint8_t> &b) {
    cfv_image_probe p{CFV_IMAGE_JPEG, 0, 0, 0};
    const size_t n = b.size();
    size_t pos = 2;
    while (pos + 1 < n) {
        if (b[pos] != 0xFF) corrupt("JPEG segment does not start with a marker");
        while (pos + 1 < n && b[pos + 1] == 0xFF) ++pos;  // fill bytes
        if (pos + 1 >= n) break;
        const uint8_t marker = b[pos + 1];
        pos += 2;
        if (marker == 0xD9) {
            p.complete = (p.width > 0 && p.height > 0) ? 1 : 0;
            break;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
        if (pos + 2 > n) break;
        const uint32_t len = be16(b, pos);
        if (len < 2) corrupt("JPEG segment length is invalid");
        const bool is_sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (is_sof && p.width == 0) {
            if (len < 7 || pos + 7 > n) break;
            p.height = int32_t(be16(b, pos + 3));
            p.width = int32_t(be16(b, pos + 5));
            if (p.width == 0 || p.height == 0) corrupt("JPEG frame header has a zero dimension");
        }
        pos += len;
        if (marker == 0xDA) {
            // Entropy-coded segment: find the next marker.
            while (pos + 1 < n) {
                if (b[pos] != 0xFF) { ++pos; continue; }
                const uint8_t next = b[pos + 1];
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) { pos += 2; continue; }
                if (next == 0xFF) { ++pos; continue; }
                break;
            }
        }
    }
    if (p.width == 0 || p.height == 0) {
        if (pos + 1 >= n) corrupt("JPEG ends before its frame header");
        corrupt("JPEG has no frame header");
    }
    return p;
}

/// Walks PNG chunks; complete means IEND lies inside the file.
cfv_image_probe probe_png(const std::vector<uint8_t> &b) {
    cfv_image_probe p{CFV_IMAGE_PNG, 0, 0, 0};
    const size_t n = b.size();
    if (n < 33 || !starts_with(b, 12, "IHDR") || be32(b, 8) != 13) corrupt("PNG does not start with IHDR");
    const uint32_t w = be32(b, 16), h = be32(b, 20);
    if (w == 0 || h == 0 || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu) corrupt("PNG header has an invalid size");
    p.width = int32_t(w);
    p.height = int32_t(h);
    size_t pos = 8;
    while (pos + 8 <= n) {
        const uint64_t len = be32(b, pos);
        if (len > 0x7FFFFFFFu) corrupt("PNG chunk length is invalid");
        const uint64_t next = uint64_t(pos) + 12 + len;
        if (next > n) break;
        if (starts_with(b, pos + 4, "IEND")) {
            p.complete = 1;
            break;
        }
        pos = size_t(next);
    }
    return p;
}

cfv_image_probe probe_webp(const std::vector<uint8_t> &b) {
    cfv_image_probe p{CFV_IMAGE_WEBP, 0, 0, 0};
    const size_t n = b.size();
    if (n < 30) corrupt("WebP ends inside its header");
    if (starts_with(b, 12, "VP8 ")) {
        if (!(b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A)) corrupt("WebP VP8 start code is missing");
        p.width = int32_t(le16(b, 26) & 0x3FFF);
        p.height = int32_t(le16(b, 28) & 0x3FFF);
    } else if (starts_with(b, 12, "VP8L")) {
        if (b[20] != 0x2F) corrupt("WebP VP8L signature is missing");
        const uint32_t bits = le32(b, 21);
        p.width = int32_t((bits & 0x3FFF) + 1);
        p.height = int32_t(((bits >> 14) & 0x3FFF) + 1);
    } else if (starts_with(b, 12, "VP8X")) {
        p.width = int32_t(le24(b, 24) + 1);
        p.height = int32_t(le24(b, 27) + 1);
    } else {
        corrupt("WebP has no known image chunk");
    }
    if (p.width == 0 || p.height == 0) corrupt("WebP header has a zero dimension");
    p.complete = (uint64_t(le32(b, 4)) + 8 <= n) ? 1 : 0;
    return p;
}

cfv_image_probe probe_bmp(const std::vector<uint8_t> &b) {
    cfv_image_probe p{CFV_IMAGE_BMP, 0, 0, 0};
    const size_t n = b.size();
    if (n < 26) corrupt("BMP ends inside its header");
    const uint32_t header_size = le32(b, 14);
    if (header_size == 12) {
        p.width = int32_t(le16(b, 18));
        p.height = int32_t(le16(b, 20));
    } else {
        const int64_t w = int32_t(le32(b, 18));
        const int64_t h = int32_t(le32(b, 22));
        if (w <= 0 || h == 0 || w > INT32_MAX || h < -INT32_MAX) corrupt("BMP header has an invalid size");
        p.width = int32_t(w);
        p.height = int32_t(h < 0 ? -h : h);
    }
    if (p.width == 0 || p.height == 0) corrupt("BMP header has a zero dimension");
    const uint32_t declared = le32(b, 2);
    const uint32_t pixel_offset = le32(b, 10);
    p.complete = (declared != 0 ? declared <= n : pixel_offset < n) ? 1 : 0;
    return p;
}

}  // namespace

std::vector<uint8_t> read_file(const char *path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw Failure(CFV_FILE_UNREADABLE, "file cannot be opened");
    const std::streamoff size = in.tellg();
    if (size < 0) throw Failure(CFV_FILE_UNREADABLE, "file size cannot be read");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (size > 0 && !in.read(reinterpret_cast<char *>(bytes.data()), size))
        throw Failure(CFV_FILE_UNREADABLE, "file cannot be read");
    return bytes;
}

cfv_image_probe probe_image_bytes(const std::vector<uint8_t> &b) {
    if (b.empty()) throw Failure(CFV_CORRUPT_MEDIA, "file is empty");
    if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return probe_jpeg(b);
    static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (b.size() >= 8 && std::memcmp(b.data(), png_signature, 8) == 0) return probe_png(b);
    if (starts_with(b, 0, "RIFF") && starts_with(b, 8, "WEBP")) return probe_webp(b);
    if (starts_with(b, 0, "BM")) return probe_bmp(b);
    throw Failure(CFV_UNSUPPORTED_FORMAT, "not a JPEG, PNG, WebP or BMP image");
}

}  // namespace cfv

extern "C" int32_t cfv_probe_image(const char *path, cfv_image_probe *out, cfv_error *error) {
    return cfv::guarded(error, CFV_INTERNAL_ERROR, [&] {
        if (!path || !out) throw cfv::Failure(CFV_INVALID_ARGUMENT, "path and output are required");
        *out = cfv::probe_image_bytes(cfv::read_file(path));
    });
}
