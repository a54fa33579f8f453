// In-process face analysis benchmark: the same images and videos as opencv_pipeline.py, through
// FaceAnalyzer (native measurement plus Swift scoring), with one and with two workers (default
// configuration), and the videos once more with two workers and face tracking off, which does the
// same detector work per sample as the Python pipeline.
// Usage: AnalysisBench <repo root> <repeat> <output.json>
import BenchSupport
import FaceAnalysis
import Foundation

let arguments = CommandLine.arguments
let root = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
let repeatCount = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
let output = arguments.count > 3 ? arguments[3] : nil
let media = root.appendingPathComponent(".cache/media")
let models = FaceModelPaths(directory: root.appendingPathComponent(".cache/models"))
let images = ["astronaut.png", "single_face.jpg", "multi_face.jpg", "0-f1-su-ph.jpg", "0-f15-hao-ph.jpg",
              "15-f13-anc-ph.jpg", "45-m7-di-ph.jpg", "free-mountain-vector-01.jpg"]
let videos = ["single_face.mp4", "WolfgangLanger_Pexels.mp4", "face_noface.mov"]

var untracked = FaceAnalyzerConfiguration(poolSize: 2)
untracked.tracking = nil
let runs: [(key: String, configuration: FaceAnalyzerConfiguration, images: Bool)] = [
    ("workers1", FaceAnalyzerConfiguration(poolSize: 1), true),
    ("workers2", FaceAnalyzerConfiguration(poolSize: 2), true),
    ("workers2_untracked", untracked, false),
]
var report: [String: Any] = [:]
for run in runs {
    let analyzer = FaceAnalyzer(models: models, configuration: run.configuration)
    try await analyzer.waitUntilReady()
    var latencies: [Double] = []
    for name in run.images ? images : [] {
        for attempt in 0...repeatCount {
            let started = ContinuousClock.now
            _ = try? await analyzer.analyzeImage(at: media.appendingPathComponent(name))
            let elapsed = ContinuousClock.now - started
            if attempt > 0 { latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
        }
    }
    var videoFigures: [String: Any] = [:]
    for name in videos {
        let started = ContinuousClock.now
        let result = try await analyzer.analyzeVideo(at: media.appendingPathComponent(name), sampling: VideoSampling())
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        videoFigures[name] = ["seconds": seconds, "frames_read": result.measurements.video?.framesRead ?? 0,
                              "frames_sampled": result.measurements.video?.framesSampled ?? 0]
    }
    var figures: [String: Any] = ["videos": videoFigures, "threads": run.configuration.threadsPerJob]
    if !latencies.isEmpty {
        figures["images"] = ["p50": percentile(latencies, 50), "p95": percentile(latencies, 95)]
        print("in-process, \(run.key): image p50 \(String(format: "%.1f ms p95 %.1f ms", percentile(latencies, 50), percentile(latencies, 95)))")
    }
    report[run.key] = figures
    analyzer.shutdown()
}
let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
if let output { try data.write(to: URL(fileURLWithPath: output)) } else { print(String(decoding: data, as: UTF8.self)) }
