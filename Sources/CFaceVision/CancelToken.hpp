#pragma once
#include <atomic>
#include <new>

struct cfv_cancel_token {
    std::atomic<bool> cancelled{false};
};

namespace cfv {
inline bool is_cancelled(const cfv_cancel_token *token) {
    return token && token->cancelled.load(std::memory_order_relaxed);
}
}  // namespace cfv
