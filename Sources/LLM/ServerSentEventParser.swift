/// Incremental Server-Sent Events parser, fed raw bytes in chunks of any size.
///
/// Follows the WHATWG event-stream rules: lines end in CRLF, LF or CR (a CR at the end of one
/// chunk and an LF at the start of the next are one line break); a leading BOM is skipped; `:`
/// lines are comments; `data:` lines accumulate with "\n"; a blank line dispatches; an event with
/// no data is not dispatched; an unfinished event at end of stream is discarded. Lines are decoded
/// only once complete, so a UTF-8 character split across chunks is decoded whole.
/// (mattt/EventSource's parser is an actor consuming one byte per `await`, dispatches unfinished
/// events at end of stream and joins empty data lines incorrectly, hence this one.)
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var previousWasCR = false
    private var atStreamStart = true
    private var bomBytesSeen = 0
    private var eventType = ""
    private var data = ""
    private var hasData = false
    private var retry: Int?
    private var lastEventID = ""

    public init() {}

    /// Feeds the next chunk of the stream and returns the events it completes.
    public mutating func parse<Bytes: Sequence>(_ bytes: Bytes) -> [ServerSentEvent] where Bytes.Element == UInt8 {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if atStreamStart {
                // Skip a UTF-8 BOM (EF BB BF) at the very start of the stream.
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if byte == bom[bomBytesSeen] {
                    bomBytesSeen += 1
                    if bomBytesSeen == bom.count { atStreamStart = false }
                    continue
                }
                atStreamStart = false
                line.append(contentsOf: bom.prefix(bomBytesSeen))
            }
            switch byte {
            case 0x0A:  // LF
                if previousWasCR {
                    previousWasCR = false
                } else {
                    endLine(into: &events)
                }
            case 0x0D:  // CR
                previousWasCR = true
                endLine(into: &events)
            default:
                previousWasCR = false
                line.append(byte)
            }
        }
        return events
    }

    /// Marks the end of the stream: an unfinished event is discarded, as the standard requires.
    public mutating func finish() {
        line.removeAll()
        resetEvent()
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line.first == UInt8(ascii: ":") { return }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "event":
            eventType = String(value)
        case "data":
            if hasData { data += "\n" }
            data += value
            hasData = true
        case "id":
            if !value.contains("\0") { lastEventID = String(value) }
        case "retry":
            if !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) { retry = Int(value) }
        default:
            break
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer { resetEvent() }
        guard hasData else { return }
        events.append(
            ServerSentEvent(
                type: eventType.isEmpty ? "message" : eventType, data: data, lastEventID: lastEventID, retry: retry))
    }

    private mutating func resetEvent() {
        eventType = ""
        data = ""
        hasData = false
        retry = nil
    }
}
