// swift-tools-version:6.0
import PackageDescription

/// llama.cpp is built by `make setup` into this folder; its `llama.pc` is found through
/// PKG_CONFIG_PATH (set by the Makefile) and its shared libraries through this rpath.
let llamaLibDir = Context.packageDirectory + "/.cache/llama.cpp/lib"

let package = Package(
    name: "depressoAssist",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "App", targets: ["App"]),
        .executable(name: "AnalysisBench", targets: ["AnalysisBench"]),
        .executable(name: "ScreeningBench", targets: ["ScreeningBench"]),
        .executable(name: "AdmissionBench", targets: ["AdmissionBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Thin C targets: pixels and tensors only, no decisions.
        .systemLibrary(name: "CLlama", pkgConfig: "llama"),
        .target(
            name: "CFaceVision",
            cxxSettings: [
                .unsafeFlags(["-I/usr/include/opencv4"]),
            ],
            linkerSettings: [
                .linkedLibrary("opencv_core"), .linkedLibrary("opencv_imgproc"),
                .linkedLibrary("opencv_imgcodecs"), .linkedLibrary("opencv_videoio"),
                .linkedLibrary("opencv_dnn"), .linkedLibrary("opencv_calib3d"),
                .linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack"),
                .linkedLibrary("m"), .linkedLibrary("stdc++"),
            ]
        ),

        // One module per responsibility.
        .target(
            name: "LLM",
            dependencies: [
                "CLlama",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", llamaLibDir])]
        ),
        .target(
            name: "FaceAnalysis",
            dependencies: [
                "CFaceVision",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Safety", resources: [.copy("Resources/crisis-head.json"), .copy("Resources/crisis-lines.json")]),
        .target(name: "Mood"),
        .target(
            name: "Chat",
            dependencies: [
                "LLM",
                "Safety",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(
            name: "App",
            dependencies: [
                "Chat",
                "LLM",
                "FaceAnalysis",
                "Safety",
                "Mood",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // Benchmarks (bench/): built in release mode by their run.sh, never by the tests.
        .executableTarget(name: "AnalysisBench", dependencies: ["FaceAnalysis", "BenchSupport"], path: "bench/analysis/AnalysisBench"),
        .target(name: "BenchSupport", path: "bench/BenchSupport"),
        .executableTarget(name: "ScreeningBench", dependencies: ["LLM", "Safety", "BenchSupport"], path: "bench/screening/ScreeningBench"),
        .executableTarget(name: "AdmissionBench", dependencies: ["LLM", "BenchSupport"], path: "bench/admission/AdmissionBench"),

        .testTarget(name: "LLMTests", dependencies: ["LLM"]),
        .testTarget(name: "FaceAnalysisTests", dependencies: ["FaceAnalysis"]),
        .testTarget(name: "SafetyTests", dependencies: ["Safety", "LLM"]),
        .testTarget(name: "ChatTests", dependencies: ["Chat"]),
        .testTarget(name: "MoodTests", dependencies: ["Mood"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                .target(name: "App"),
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
