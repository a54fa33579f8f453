/*
 * CFaceVision: the thin native layer of the face pipeline.
 *
 * It turns pixels into plain measurements (boxes, landmarks, class probabilities, angles) and
 * makes no decisions: every threshold that changes an outcome is a parameter chosen by the
 * Swift module FaceAnalysis, which also does all scoring.
 *
 * Threading: a cfv_models is immutable after loading and may be shared by any number of
 * threads. A cfv_worker owns its own networks (cv::dnn::Net is not safe for concurrent use) and
 * must be used by one thread at a time. Every function catches all C++ exceptions and reports
 * them as a status code plus message; nothing throws across this boundary.
 */
#ifndef CFACEVISION_H
#define CFACEVISION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CFV_EMOTION_COUNT 7      /* angry, disgust, fear, happy, sad, surprise, neutral (FER2013 order) */
#define CFV_LANDMARK_COUNT 68    /* iBUG 300-W layout, as dlib's shape predictor returns it */
#define CFV_MAX_BOXES 16         /* boxes kept per frame, largest first; face_count still counts all */
#define CFV_MESSAGE_CAPACITY 256

typedef enum cfv_status {
    CFV_OK = 0,
    CFV_INVALID_ARGUMENT = 1,
    CFV_MODEL_LOAD_FAILED = 2,
    CFV_FILE_UNREADABLE = 3,     /* the file cannot be opened or read at all */
    CFV_UNSUPPORTED_FORMAT = 4,  /* not an image format this layer can probe */
    CFV_CORRUPT_MEDIA = 5,       /* header, structure or decoder says the content is broken or truncated */
    CFV_IMAGE_TOO_LARGE = 6,     /* refused from the header alone, before any pixel was allocated */
    CFV_CANCELLED = 7,
    CFV_INTERNAL_ERROR = 8
} cfv_status;

/* Filled by every call that can fail; message is NUL-terminated and never holds pixel data. */
typedef struct cfv_error {
    int32_t status;
    char message[CFV_MESSAGE_CAPACITY];
} cfv_error;

/* ---- Image header probe (no decoding) ---- */

typedef enum cfv_image_format {
    CFV_IMAGE_UNKNOWN = 0,
    CFV_IMAGE_JPEG = 1,
    CFV_IMAGE_PNG = 2,
    CFV_IMAGE_WEBP = 3,
    CFV_IMAGE_BMP = 4
} cfv_image_format;

typedef struct cfv_image_probe {
    int32_t format;    /* cfv_image_format */
    int32_t width;     /* as stored, before any EXIF rotation */
    int32_t height;
    int32_t complete;  /* 1 when the file reaches its format's end marker (JPEG EOI, PNG IEND, RIFF/BMP size) */
} cfv_image_probe;

/* Reads dimensions and checks structural completeness from the bytes; never decodes pixels. */
int32_t cfv_probe_image(const char *path, cfv_image_probe *out, cfv_error *error);

/* ---- Models and workers ---- */

typedef struct cfv_models cfv_models;
typedef struct cfv_worker cfv_worker;

/* Loads the res10 SSD detector (Caffe), dlib's 68-point shape predictor and the FER2013 emotion
 * network (ONNX). Returns NULL and fills error when any of them cannot be loaded. */
cfv_models *cfv_models_load(const char *detector_config, const char *detector_weights,
                            const char *landmark_model, const char *emotion_model, cfv_error *error);
void cfv_models_destroy(cfv_models *models);

/* A worker keeps the shared models alive on its own, so models may be destroyed first. */
cfv_worker *cfv_worker_create(const cfv_models *models, cfv_error *error);
void cfv_worker_destroy(cfv_worker *worker);

/* OpenCV's thread count is process-wide: set it once, before work starts (1 = no inner threads). */
void cfv_set_num_threads(int32_t threads);

/* ---- Measurements ---- */

typedef struct cfv_box {
    float x, y, width, height;  /* pixels, clamped to the image */
    float confidence;           /* detector score 0..1 */
} cfv_box;

typedef struct cfv_detection_params {
    float min_confidence;        /* SSD score below which a box is ignored */
    float max_outside_fraction;  /* boxes running further outside the image than this share of their
                                    width/height are dropped (the SSD emits such ghosts) */
    float min_face_side;         /* boxes smaller than this many pixels are ignored */
} cfv_detection_params;

/* Measurements of one face. "left"/"right" are image sides: the left eye is landmarks 36-41. */
typedef struct cfv_face_measurement {
    cfv_box box;
    int32_t has_landmarks;
    float landmarks[CFV_LANDMARK_COUNT * 2];  /* x0, y0, x1, y1, ... in pixels */
    int32_t has_emotion;
    float emotion[CFV_EMOTION_COUNT];         /* probabilities, FER2013 order, sum 1 */
    int32_t has_pose;
    float yaw, pitch, roll;                   /* degrees; yaw > 0 face turned toward the image's
                                                 left, pitch > 0 chin up, roll > 0 clockwise */
    float eye_aspect_left, eye_aspect_right;  /* eye aspect ratio (Soukupova & Cech 2016), valid with landmarks */
    int32_t has_gaze_left, has_gaze_right;
    float gaze_left_x, gaze_left_y;           /* pupil offset inside the eye: x -1 image-left corner .. +1
                                                 image-right corner; y -1 upper lid .. +1 lower lid */
    float gaze_right_x, gaze_right_y;
} cfv_face_measurement;

typedef struct cfv_frame_result {
    int32_t width, height;         /* decoded frame size (after EXIF / rotation metadata) */
    int32_t face_count;            /* faces that passed the detection parameters */
    int32_t box_count;             /* boxes stored below (min(face_count, CFV_MAX_BOXES)) */
    cfv_box boxes[CFV_MAX_BOXES];  /* largest area first */
    int32_t has_primary;           /* 1 when face_count > 0: the largest face was measured */
    int32_t tracked;               /* video only: 1 when only a crop around the previous sample's face
                                      was searched (see cfv_tracking); face_count then counts that crop */
    cfv_face_measurement primary;
    int64_t sample_index;          /* video only: k of the due time k * interval this frame answers */
    double timestamp_ms;           /* video only: presentation time of the frame */
} cfv_frame_result;

/* Probes the header (format, size, completeness), refuses images whose width * height exceeds
 * max_pixels or whose longer side exceeds max_side (CFV_IMAGE_TOO_LARGE, probe_out still filled),
 * then decodes with cv::imread(IMREAD_COLOR) and measures the faces. */
int32_t cfv_worker_analyze_image(cfv_worker *worker, const char *path, int64_t max_pixels, int32_t max_side,
                                 const cfv_detection_params *params, cfv_image_probe *probe_out,
                                 cfv_frame_result *out, cfv_error *error);

/* ---- Video ---- */

typedef struct cfv_video_info {
    double fps;
    int64_t frame_count;   /* as declared by the container; may be an estimate, 0 when unknown */
    double duration_s;     /* frame_count / fps, 0 when unknown */
    int32_t width, height; /* after rotation metadata */
    int32_t rotation;      /* degrees from the container's rotation metadata */
} cfv_video_info;

int32_t cfv_probe_video(const char *path, cfv_video_info *out, cfv_error *error);

/* Sampling is by presentation time, so variable-frame-rate phone videos are handled and the same
 * frames are measured however a clip is split: sample k is due at time k * interval_ms, and a frame
 * is the sample of the first due time after the previous frame's time, up to its own time. A request
 * covers samples [first_sample, end_sample) (end_sample < 0: to the end of the stream). A part with
 * first_sample > 0 seeks to seek_margin_ms before its first due time; when the seek lands too late
 * (OpenCV seeks by average frame rate) it retries further back, and at last reads from the start. */
/* Following a face from one sample to the next with a cheaper detection. Samples are grouped in
 * segments of reacquire_every consecutive sample numbers (k / reacquire_every). The first measured
 * sample of a segment searches the whole frame at 300x300; each later one searches a square of
 * crop_scale times the longer side of the previous sample's largest face, centred on it and cut to
 * the frame, resized (keeping its aspect ratio, sides rounded up to multiples of 32) so that face measures face_input_side pixels. It
 * falls back to the whole frame when that input would not be smaller than 80 % of 300x300, when the
 * crop shows no face, when a face runs past an edge of the crop inside the frame, or when
 * the previous sample had no face. No state crosses a segment, so a request whose first_sample is
 * a multiple of reacquire_every measures exactly what a request from sample 0 would.
 * reacquire_every <= 1 searches every frame whole. */
typedef struct cfv_tracking {
    int32_t reacquire_every;
    float crop_scale;
    int32_t face_input_side;
} cfv_tracking;

typedef struct cfv_video_request {
    double interval_ms;
    int32_t first_sample;
    int32_t end_sample;
    double seek_margin_ms;
    cfv_tracking tracking;
} cfv_video_request;

typedef struct cfv_video_report {
    int64_t frames_read;      /* frames whose time lies in this part's window, so parts add up to the clip */
    int64_t frames_decoded;   /* frames grabbed, including those decoded only to reach the window */
    int32_t samples_written;  /* entries written to the frames array */
    int32_t reached_end;      /* 1 when the stream ended inside this part's window */
    double last_time_ms;      /* presentation time of the last frame grabbed (-1 when none) */
    int32_t restarted;        /* 1 when seeking failed and the part was read from the start */
} cfv_video_report;

/* Cooperative cancellation, checked before each frame. Thread-safe. */
typedef struct cfv_cancel_token cfv_cancel_token;
cfv_cancel_token *cfv_cancel_token_create(void);
void cfv_cancel_token_cancel(cfv_cancel_token *token);
void cfv_cancel_token_destroy(cfv_cancel_token *token);

/* Writes at most capacity sampled frames; stops with CFV_OK when capacity is reached. */
int32_t cfv_worker_analyze_video(cfv_worker *worker, const char *path, const cfv_video_request *request,
                                 const cfv_detection_params *params, cfv_frame_result *frames,
                                 int32_t capacity, cfv_video_report *report,
                                 const cfv_cancel_token *cancel, cfv_error *error);

#ifdef __cplusplus
}
#endif

#endif /* CFACEVISION_H */
