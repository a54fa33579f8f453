// In-process face analysis benchmark: the same images and videos as opencv_pipeline.py, through
// FaceAnalyzer (native measurement plus Swift scoring), with one and with two workers.
// Usage: AnalysisBench <repo root> <repeat> <output.json>
import FaceAnalysis
import Foundation

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    let k = Double(sorted.count - 1) * p / 100
    let lo = Int(k), hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (k - Double(lo))
}

let arguments = CommandLine.arguments
let root = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
let repeatCount = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
let output = arguments.count > 3 ? arguments[3] : nil
let media = root.appendingPathComponent(".cache/media")
let models = FaceModelPaths(directory: root.appendingPathComponent(".cache/models"))
let images = ["astronaut.png", "single_face.jpg", "multi_face.jpg", "0-f1-su-ph.jpg", "0-f15-hao-ph.jpg",
              "15-f13-anc-ph.jpg", "45-m7-di-ph.jpg", "free-mountain-vector-01.jpg"]
let videos = ["single_face.mp4", "WolfgangLanger_Pexels.mp4", "face_noface.mov"]

var report: [String: Any] = [:]
for workers in [1, 2] {
    let analyzer = FaceAnalyzer(models: models, configuration: FaceAnalyzerConfiguration(poolSize: workers))
    try await analyzer.waitUntilReady()
    var latencies: [Double] = []
    for name in images {
        for run in 0...repeatCount {
            let started = ContinuousClock.now
            _ = try? await analyzer.analyzeImage(at: media.appendingPathComponent(name))
            let elapsed = ContinuousClock.now - started
            if run > 0 { latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
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
    report["workers\(workers)"] = ["images": ["p50": percentile(latencies, 50), "p95": percentile(latencies, 95)],
                                   "videos": videoFigures]
    analyzer.shutdown()
    print(String(format: "in-process, %d worker(s): image p50 %.1f ms p95 %.1f ms", workers,
                 percentile(latencies, 50), percentile(latencies, 95)))
}
let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
if let output { try data.write(to: URL(fileURLWithPath: output)) } else { print(String(decoding: data, as: UTF8.self)) }
