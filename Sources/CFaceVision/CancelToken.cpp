// Cooperative cancellation flag shared between the Swift task and a running native job.
#include "CFaceVision.h"
#include "CancelToken.hpp"

extern "C" {

cfv_cancel_token *cfv_cancel_token_create(void) { return new (std::nothrow) cfv_cancel_token(); }

void cfv_cancel_token_cancel(cfv_cancel_token *token) {
    if (token) token->cancelled.store(true, std::memory_order_relaxed);
}

void cfv_cancel_token_destroy(cfv_cancel_token *token) { delete token; }
}
