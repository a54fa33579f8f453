import Foundation
import LLM
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension RealModelTests {
    /// The OpenAI backend against the real llama-server (built by `make setup`) serving SmolLM2.
    @Suite("OpenAI backend against llama-server")
    struct LlamaServerPeerTests {
        @Test("streams a reply, reports usage and cache reuse, and survives llama-server closing keep-alive connections")
        func streamsFromLlamaServer() async throws {
            let server = try LlamaServerProcess.start(model: try TestModels.path(TestModels.smolLM2))
            defer { server.stop() }
            let model = OpenAIChatModel(
                configuration: OpenAIConfiguration(
                    baseURL: server.baseURL, model: "smollm2", requestTimeout: .seconds(60),
                    firstTokenTimeout: .seconds(30), sendsLlamaServerParameters: true),
                logger: TestModels.logger)
            try await server.waitUntilReady(model)
            #expect(await model.status.isReady)

            let conversation = UUID()
            var history: [ChatMessage] = [.system("You are a kind assistant."), .user("I feel a bit lonely today.")]
            let first = try await Transcript.collect(
                model.generate(
                    conversationID: conversation, messages: history,
                    parameters: GenerationParameters(maxNewTokens: 24, seed: 4)))
            #expect(first.events.first == .started)
            #expect(first.tokenEvents >= 2)
            #expect(first.finishedCount == 1)
            let stats1 = try #require(first.finished).1
            #expect(stats1.promptTokens > 10)
            #expect(stats1.generatedTokens >= first.tokenEvents)

            // Right away on the pooled connection that llama-server has closed.
            history += [.assistant(first.text), .user("Could you suggest one small thing to do?")]
            let second = try await Transcript.collect(
                model.generate(
                    conversationID: conversation, messages: history,
                    parameters: GenerationParameters(maxNewTokens: 24, seed: 4)))
            let stats2 = try #require(second.finished).1
            #expect(stats2.reusedPromptTokens > 0)
            #expect(stats2.promptTokens > stats1.promptTokens)
            await model.shutdown()
        }

        @Test("with the conversation sampler and one seed, llama-server and the in-process engine write the same reply")
        func sameSamplerSameReply() async throws {
            let server = try LlamaServerProcess.start(model: try TestModels.path(TestModels.smolLM2))
            defer { server.stop() }
            let upstream = OpenAIChatModel(
                configuration: OpenAIConfiguration(baseURL: server.baseURL, model: "smollm2", requestTimeout: .seconds(60),
                                                   firstTokenTimeout: .seconds(30), sendsLlamaServerParameters: true),
                logger: TestModels.logger)
            try await server.waitUntilReady(upstream)
            let engine = try LlamaChatModel(configuration: try TestModels.smolConfiguration(), logger: TestModels.logger)
            // The sampler the chat uses by default (AppConfiguration.Sampling): penalties, DRY, min-p.
            let parameters = GenerationParameters(temperature: 0.7, topP: 0.95, topK: 40, minP: 0.05, maxNewTokens: 32,
                                                  seed: 11, repetitionPenalty: 1.15, repetitionWindow: 64, dry: DRYParameters())
            let messages: [ChatMessage] = [.system("You are a kind assistant. Keep replies short."),
                                           .user("[feeling sad] I stayed in bed all day again.")]
            let theirs = try await Transcript.collect(upstream.generate(conversationID: UUID(), messages: messages, parameters: parameters))
            let ours = try await Transcript.collect(engine.generate(conversationID: UUID(), messages: messages, parameters: parameters))
            #expect(ours.tokenEvents >= 8)
            #expect(ours.text == theirs.text)
            // A different seed draws a different reply: the comparison above is not vacuous.
            var other = parameters
            other.seed = 12
            let reseeded = try await Transcript.collect(engine.generate(conversationID: UUID(), messages: messages, parameters: other))
            #expect(reseeded.text != ours.text)
            await upstream.shutdown()
            await engine.shutdown()
        }

        @Test("with a dead upstream first in the pool, replies come from llama-server and /ready names both")
        func poolSkipsDeadUpstream() async throws {
            let server = try LlamaServerProcess.start(model: try TestModels.path(TestModels.smolLM2))
            defer { server.stop() }
            let dead = try ScriptedHTTPServer(script: [])
            dead.stop()
            let live = OpenAIChatModel(
                configuration: OpenAIConfiguration(baseURL: server.baseURL, model: "smollm2"), logger: TestModels.logger)
            try await server.waitUntilReady(live)
            await live.shutdown()

            let model = OpenAIChatModel(
                configuration: OpenAIConfiguration(
                    baseURLs: [dead.baseURL, server.baseURL], model: "smollm2", requestTimeout: .seconds(60),
                    firstTokenTimeout: .seconds(30), sendsLlamaServerParameters: true),
                logger: TestModels.logger)
            for turn in 0..<3 {
                let transcript = try await Transcript.collect(
                    model.generate(
                        conversationID: UUID(), messages: [.system("Be kind."), .user("Hello, turn \(turn).")],
                        parameters: GenerationParameters(maxNewTokens: 8, seed: 1)))
                #expect(transcript.finishedCount == 1)
                #expect(transcript.tokenEvents >= 1)
            }
            let status = await model.status
            #expect(status.isReady)
            #expect(status.details.contains("1/2 upstreams up"))
            await model.shutdown()
        }
    }
}

/// A llama-server child process on a free loopback port, stopped by `stop()`.
final class LlamaServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    /// Fired by llama-server's own log line once the model is loaded and it listens.
    private let listening: LogLineSignal

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func binary(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = TestModels.repositoryRoot.appendingPathComponent(".cache/llama.cpp/bin/llama-server").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("llama-server is missing at \(path): run `make setup` first.", sourceLocation: sourceLocation)
            throw TestModels.MissingModel()
        }
        return path
    }

    static func start(model: String) throws -> LlamaServerProcess {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = [
            "-m", model, "--host", "127.0.0.1", "--port", "\(port)", "-c", "4096", "-np", "2", "-t", "1", "-tb", "1",
        ]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        let listening = LogLineSignal(marker: "listening on")
        // Read to the end, so llama-server never blocks on a full pipe; the end means it exited.
        log.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                listening.finish()
            } else {
                listening.feed(data)
            }
        }
        try process.run()
        return LlamaServerProcess(process: process, port: port, listening: listening)
    }

    private init(process: Process, port: Int, listening: LogLineSignal) {
        self.process = process
        self.port = port
        self.listening = listening
    }

    /// Waits (up to 60 s) for llama-server to say it listens, then checks the model answers.
    func waitUntilReady(_ model: OpenAIChatModel) async throws {
        let heard = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { await self.listening.wait() }
            group.addTask {
                try await Task.sleep(for: .seconds(60))  // a bound on the wait, not a poll
                self.stop()  // its log then ends, which ends the other wait too
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard heard else { throw LLMError.upstreamUnreachable("llama-server exited or never listened") }
        guard await model.status.isReady else { throw LLMError.upstreamUnreachable("llama-server listens but does not answer") }
    }

    /// SIGKILL: a child spawned from a test runner's worker thread may inherit a mask that blocks
    /// SIGTERM (seen here: llama-server kept running after `terminate()`).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Resumes its waiters once a log line containing `marker` has been read (true), or the log ended
/// without one (false).
final class LogLineSignal: @unchecked Sendable {
    private let marker: String
    private let lock = NSLock()
    private var text = ""
    private var outcome: Bool?
    private var waiters: [CheckedContinuation<Bool, Never>] = []

    init(marker: String) {
        self.marker = marker
    }

    func feed(_ data: Data) {
        settle {
            text += String(decoding: data, as: UTF8.self)
            return text.contains(marker) ? true : nil
        }
    }

    func finish() {
        settle { false }
    }

    func wait() async -> Bool {
        await withCheckedContinuation { continuation in
            let settled = lock.withLock { () -> Bool? in
                if outcome == nil { waiters.append(continuation) }
                return outcome
            }
            if let settled { continuation.resume(returning: settled) }
        }
    }

    private func settle(_ decide: () -> Bool?) {
        let (result, waiting) = lock.withLock { () -> (Bool?, [CheckedContinuation<Bool, Never>]) in
            guard outcome == nil, let decided = decide() else { return (nil, []) }
            outcome = decided
            text = ""
            defer { waiters = [] }
            return (decided, waiters)
        }
        if let result { for waiter in waiting { waiter.resume(returning: result) } }
    }
}
