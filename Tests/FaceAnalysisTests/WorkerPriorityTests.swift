import Foundation
import Testing
@testable import FaceAnalysis

#if canImport(Glibc)
import Glibc

extension RealModelTests {
    /// The analysis threads yield the cores to a streaming chat reply (see `workerNice`).
    @Suite("Worker priority")
    struct WorkerPriorityTests {
        /// Nice values of this process's threads whose name starts with `prefix`, from /proc.
        private static func niceValues(ofThreadsNamed prefix: String) throws -> [Int] {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { tid in
                let comm = try String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8)
                guard comm.hasPrefix(prefix) else { return nil }
                // Field 19 of stat is the nice value; the name in parentheses may hold spaces.
                let stat = try String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8)
                let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
                return Int(fields[16])
            }
        }

        @Test("a pool's threads run at its nice value; the default pool at the process's")
        func poolThreads() async throws {
            let niced = WorkerPool<Int>(size: 2, name: "test-niced", nice: 7) { index in index }
            let plain = WorkerPool<Int>(size: 1, name: "test-plain") { index in index }
            defer { niced.shutdown(); plain.shutdown() }
            // Each thread names itself and sets its nice value before it reports ready.
            try await niced.waitUntilReady()
            let inside = try await niced.run { _ in getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
            #expect(inside == 7)
            #expect(try await plain.run { _ in getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) } == 0)
            #expect(try Self.niceValues(ofThreadsNamed: "test-niced") == [7, 7])
        }

        @Test("the analyzer's workers, and the OpenCV threads they started, run at nice 10 by default")
        func analyzerThreads() async throws {
            #expect(FaceAnalyzerConfiguration().workerNice == 10)
            let analyzer = try await TestSupport.analyzer()
            _ = try await analyzer.analyzeVideo(at: try TestSupport.media("single_face.mp4"), sampling: VideoSampling())
            // Threads a worker starts inherit its name and nice value: OpenCV's pool counts here too.
            let workers = try Self.niceValues(ofThreadsNamed: "face-analysis-")
            #expect(workers.count >= 2)
            #expect(workers.allSatisfy { $0 == 10 }, "\(workers)")
        }
    }
}
#endif
