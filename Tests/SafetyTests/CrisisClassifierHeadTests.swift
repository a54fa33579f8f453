import Foundation
import LLM
import Safety
import Testing

@Suite struct CrisisClassifierHeadTests {
    /// A hand-made two-input head whose probabilities can be computed by hand.
    static func head(thresholds: String, hidden: Bool = false, knn: String = "null",
                     sentences: String = "null") throws -> CrisisClassifierHead {
        let layers = hidden
            ? #"[{"weights": [[1, 0], [0, -1]], "bias": [0, 0], "activation": "relu"}, {"weights": [[0, 0], [0, 0], [1, 0], [0, 0]], "bias": [0, 0, 0, 0], "activation": "softmax"}]"#
            : #"[{"weights": [[0, 0], [0, 0], [1, 0], [0, 1]], "bias": [0, 0, 0, 0], "activation": "softmax"}]"#
        let json = """
            {"format": "depressoassist-crisis-head/2",
             "encoder": {"name": "test", "file": "test.gguf", "pooling": "mean", "normalize": "l2", "max_tokens": 256},
             "levels": ["none", "concern", "crisis", "imminent"], "members": [{"layers": \(layers)}], "knn": \(knn),
             "inference": {"sentences": \(sentences)}, "thresholds": \(thresholds), "record": {}}
            """
        return try CrisisClassifierHead(json: Data(json.utf8))
    }

    @Test func softmaxProbabilitiesAreComputedAsTrained() throws {
        let head = try Self.head(thresholds: #"{"concern": null, "crisis": 0.5, "imminent": null}"#)
        let p = head.probabilities([log(2), 0])
        // exp(0), exp(0), exp(log 2), exp(0) over 5.
        #expect(abs(p[0] - 0.2) < 1e-6 && abs(p[2] - 0.4) < 1e-6 && abs(p.reduce(0, +) - 1) < 1e-6)
    }

    @Test func theLevelIsTheHighestWhoseMassReachesItsThresholdAtTheMostWorryingUnit() throws {
        let head = try Self.head(thresholds: #"{"concern": 0.5, "crisis": 0.55, "imminent": null}"#)
        // P = (0.2, 0.2, 0.4, 0.2): crisis and above 0.6 >= 0.55; imminent has no threshold.
        #expect(head.level(for: [[log(2), 0]]) == .crisis)
        // P = (0.25, 0.25, 0.25, 0.25): crisis and above 0.5 < 0.55, concern and above 0.75 >= 0.5.
        #expect(head.level(for: [[0, 0]]) == .concern)
        // One worrying sentence in a calm message is enough.
        #expect(head.level(for: [[0, 0], [log(2), 0]]) == .crisis)
        let strict = try Self.head(thresholds: #"{"concern": null, "crisis": 0.9, "imminent": null}"#)
        #expect(strict.level(for: [[0, 0]]) == .none)
    }

    @Test func hiddenLayersApplyTheirActivation() throws {
        let head = try Self.head(thresholds: #"{"concern": null, "crisis": 0.5, "imminent": null}"#, hidden: true)
        // relu(-3) = 0 and relu(3) = 3 for the first unit: only a positive first input raises P(crisis).
        #expect(head.probabilities([-3, 0])[2] < 0.3)
        #expect(head.probabilities([3, 0])[2] > 0.8)
    }

    @Test func theNearestExemplarsVoteClassBalanced() throws {
        // Three calm exemplars near [1, 0], one crisis exemplar at [0, 1]; the networks say 0.25 each.
        let knn = #"{"k": 2, "temperature": 1000, "weight": 1, "labels": [0, 0, 0, 2], "exemplars": [[1, 0], [0.9, 0.1], [0.8, 0.2], [0, 1]]}"#
        let head = try Self.head(thresholds: #"{"concern": null, "crisis": 0.5, "imminent": null}"#, knn: knn)
        // Nearest two to [1, 0] are both calm.
        #expect(head.probabilities([1, 0])[0] > 0.99)
        // Nearest two to [0.3, 0.7]: [0, 1] (crisis) and [0.8, 0.2] (calm); at a high temperature the
        // votes are equal, and the lone crisis exemplar's vote counts 3x (balance).
        let p = head.probabilities([0.3, 0.7])
        #expect(abs(p[2] - 0.75) < 0.01 && abs(p[0] - 0.25) < 0.01)
    }

    @Test func sentencesBecomeUnitsOnlyWhenThereAreEnough() throws {
        let sentences = #"{"split_on": ".!?\n", "min_words": 3, "max_pieces": 2, "min_pieces": 2}"#
        let head = try Self.head(thresholds: #"{"concern": null, "crisis": 0.5, "imminent": null}"#, sentences: sentences)
        #expect(head.units(of: "Just one sentence here.") == ["Just one sentence here."])
        #expect(head.units(of: "ok. fine. I had a long day") == ["ok. fine. I had a long day"])
        let text = "Work was long today!\r\nI cannot sleep again?  The third one is dropped."
        #expect(head.units(of: text) == [text, "Work was long today", "I cannot sleep again"])
    }

    @Test(arguments: [
        #"{"format": "other/1", "encoder": {"name": "x", "file": "x"}, "levels": ["none", "concern", "crisis", "imminent"], "members": [{"layers": [{"weights": [[0]], "bias": [0], "activation": "softmax"}]}], "inference": {}, "thresholds": {"crisis": 0.5}}"#,
        #"{"format": "depressoassist-crisis-head/2", "encoder": {"name": "x", "file": "x"}, "levels": ["none", "concern", "crisis", "imminent"], "members": [{"layers": [{"weights": [[0, 0], [0]], "bias": [0, 0], "activation": "relu"}]}], "inference": {}, "thresholds": {"crisis": 0.5}}"#,
        #"{"format": "depressoassist-crisis-head/2", "encoder": {"name": "x", "file": "x"}, "levels": ["none", "concern", "crisis", "imminent"], "members": [{"layers": [{"weights": [[0], [0]], "bias": [0, 0], "activation": "softmax"}]}], "inference": {}, "thresholds": {"crisis": 0.5}}"#,
        #"{"format": "depressoassist-crisis-head/2", "encoder": {"name": "x", "file": "x"}, "levels": ["none", "concern", "crisis", "imminent"], "members": [], "inference": {}, "thresholds": {"crisis": 0.5}}"#,
        #"{"format": "depressoassist-crisis-head/2", "encoder": {"name": "x", "file": "x"}, "levels": ["none", "concern", "crisis", "imminent"], "members": [{"layers": [{"weights": [[0], [0], [0], [0]], "bias": [0, 0, 0, 0], "activation": "softmax"}]}], "knn": {"k": 1, "temperature": 1, "weight": 0.5, "labels": [7], "exemplars": [[1]]}, "inference": {}, "thresholds": {"crisis": 0.5}}"#,
        #"{"format": "depressoassist-crisis-head/2", "encoder": {"name": "x", "file": "x"}, "levels": ["low", "high"], "members": [], "inference": {}, "thresholds": {}}"#,
        "not json",
    ])
    func malformedHeadsAreRefused(json: String) {
        #expect(throws: CrisisClassifierHead.LoadError.self) { try CrisisClassifierHead(json: Data(json.utf8)) }
    }

    // MARK: - The shipped head against the training script

    struct Reference: Decodable {
        struct Example: Decodable {
            struct Unit: Decodable {
                let text: String
                let embedding: [Float]
                let probabilities: [Float]
            }
            let text: String
            let units: [Unit]
            let level: String
        }
        let examples: [Example]
    }

    static func reference() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/crisis-head-reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    /// `Fixtures/crisis-head-reference.json` is written by `train_head.py --reference` from the same
    /// head: 20 training messages (6 of several sentences) with the Python side's units,
    /// embeddings, probabilities and level. After retraining, regenerate it.
    @Test func theBundledHeadComputesWhatTheTrainingScriptComputed() throws {
        let head = try CrisisClassifierHead.bundled()
        #expect(head.inputDimensions == 384)
        #expect(head.encoderFile == "all-MiniLM-L6-v2.f16.gguf")
        let reference = try Self.reference()
        #expect(reference.examples.count == 20)
        for example in reference.examples {
            #expect(head.units(of: example.text) == example.units.map(\.text))
            for unit in example.units {
                let p = head.probabilities(unit.embedding)
                #expect(zip(p, unit.probabilities).allSatisfy { abs($0 - $1) < 1e-4 }, "\(p) vs \(unit.probabilities)")
            }
            #expect(head.level(for: example.units.map(\.embedding)).description == example.level)
        }
    }

    /// The whole second opinion in-process (llama.cpp's encoder, then the head) reaches the
    /// training script's level on the same messages.
    @Test func theInProcessEncoderAndHeadAgreeWithTheTrainingScript() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let encoder = try await SentenceEncoder.load(path: root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2.f16.gguf").path,
                                                     logger: .init(label: "test"))
        let head = try CrisisClassifierHead.bundled()
        let opinion = LearnedSecondOpinion(head: head) { try await encoder.embed($0) }
        for example in try Self.reference().examples {
            let vectors = try await encoder.embed(example.units.map(\.text))
            for (vector, unit) in zip(vectors, example.units) {
                #expect(zip(vector, unit.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 } > 0.9999)
            }
            #expect(await opinion.level(for: example.text)?.description == example.level)
        }
    }
}
