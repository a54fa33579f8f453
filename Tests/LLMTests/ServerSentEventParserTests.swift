import LLM
import Testing

@Suite("Server-Sent Events parser")
struct ServerSentEventParserTests {
    private func parse(_ chunks: [String]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for chunk in chunks { events += parser.parse(Array(chunk.utf8)) }
        parser.finish()
        return events
    }

    @Test("data lines, blank-line dispatch and the default event type")
    func basic() {
        let events = parse(["data: {\"a\":1}\n\ndata: [DONE]\n\n"])
        #expect(events.map(\.data) == ["{\"a\":1}", "[DONE]"])
        #expect(events.allSatisfy { $0.type == "message" })
    }

    @Test("multi-line data joins with newlines; one leading space is stripped")
    func multiLine() {
        let events = parse(["data: first\ndata:second\ndata:  third\ndata\n\n"])
        #expect(events.map(\.data) == ["first\nsecond\n third\n"])
    }

    @Test("comments and unknown fields are ignored; event, id and retry are read")
    func fields() {
        let events = parse([": keep-alive\n\nevent: delta\nid: 7\nretry: 1500\nfoo: bar\ndata: x\n\ndata: y\n\n"])
        #expect(events.count == 2)
        #expect(events[0] == ServerSentEvent(type: "delta", data: "x", lastEventID: "7", retry: 1500))
        #expect(events[1] == ServerSentEvent(type: "message", data: "y", lastEventID: "7", retry: nil))
    }

    @Test("CRLF, CR and LF line endings, including CRLF split across chunks")
    func lineEndings() {
        #expect(parse(["data: a\r\n\r\ndata: b\r\rdata: c\n\n"]).map(\.data) == ["a", "b", "c"])
        #expect(parse(["data: a\r", "\n\r", "\ndata: b\r", "\r"]).map(\.data) == ["a", "b"])
    }

    @Test("an event split at every byte, with a multi-byte character inside, parses the same")
    func byteByByte() {
        let stream = "data: {\"content\":\"Ça va 💙\"}\n\ndata: [DONE]\n\n"
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in stream.utf8 { events += parser.parse([byte]) }
        #expect(events.map(\.data) == ["{\"content\":\"Ça va 💙\"}", "[DONE]"])
    }

    @Test("events without data are not dispatched; an unfinished event at end of stream is discarded")
    func noDataAndUnfinished() {
        #expect(parse(["event: ping\n\nid: 3\n\ndata: partial"]).isEmpty)
        #expect(parse(["data: done\n\ndata: partial\n"]).map(\.data) == ["done"])
    }

    @Test("a byte order mark at the start of the stream is skipped, even when split")
    func byteOrderMark() {
        var parser = ServerSentEventParser()
        var events = parser.parse([0xEF, 0xBB])
        events += parser.parse([0xBF] + Array("data: x\n\n".utf8))
        #expect(events.map(\.data) == ["x"])
    }
}
