/// One dispatched Server-Sent Event (WHATWG HTML, "Server-sent events").
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field; "message" when absent.
    public var type: String
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The last event id seen on the stream so far (it persists across events).
    public var lastEventID: String
    /// The `retry:` field of this event, in milliseconds.
    public var retry: Int?

    public init(type: String = "message", data: String, lastEventID: String = "", retry: Int? = nil) {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
        self.retry = retry
    }
}
