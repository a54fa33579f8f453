import Foundation

/// The trained part of the learned second opinion: from sentence embeddings of a message to a
/// risk level, with the thresholds chosen when it was trained.
///
/// Trained offline by `scripts/encoder/train_head.py`, which writes the weights together with a
/// record of the data and the evaluation (`Resources/crisis-head.json`). Only the arithmetic lives
/// here, so that what runs is exactly what was measured:
/// - a message is scored as a whole and, when it has at least two sentences of a few words, also
///   sentence by sentence (`units(of:)`): a wish to die in the middle of a long, ordinary message is
///   otherwise averaged away by the encoder's mean pooling;
/// - each unit's probabilities are the mean of several small networks, mixed with a vote of the
///   nearest training messages (a cosine kNN), which cut false alarms on other authors' calm
///   messages from 9 to 1 of 90 when it was trained;
/// - the level is the highest one whose probability mass (that level and above), at its most
///   worrying unit, reaches its threshold.
public struct CrisisClassifierHead: Sendable {
    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .unreadable(let detail): "the crisis classifier head could not be read: \(detail)"
            case .invalid(let detail): "the crisis classifier head is not valid: \(detail)"
            }
        }
    }

    static let format = "depressoassist-crisis-head/2"
    static let levelCount = RiskLevel.allCases.count

    let members: [Network]
    let neighbours: NearestExemplars?
    /// Weight of the neighbours' vote against the networks' mean, 0...1.
    let neighbourWeight: Float
    let sentences: SentenceUnits?
    let thresholds: Thresholds
    /// The encoder file the head was trained on (e.g. `all-MiniLM-L6-v2.f16.gguf`).
    public let encoderFile: String
    public let inputDimensions: Int

    /// The head shipped with the server, decoded once per process (it is several megabytes).
    public static func bundled() throws -> CrisisClassifierHead {
        try bundledHead.get()
    }

    private static let bundledHead = Result<CrisisClassifierHead, any Error> {
        guard let url = Bundle.module.url(forResource: "crisis-head", withExtension: "json") else {
            throw LoadError.unreadable("crisis-head.json is missing from the Safety module's resources")
        }
        return try CrisisClassifierHead(contentsOf: url)
    }

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw LoadError.unreadable("\(url.lastPathComponent): \(error)") }
        try self.init(json: data)
    }

    public init(json: Data) throws {
        let file: HeadFile
        do { file = try JSONDecoder().decode(HeadFile.self, from: json) } catch { throw LoadError.invalid("\(error)") }
        guard file.format == Self.format else { throw LoadError.invalid("format \(file.format), expected \(Self.format)") }
        guard file.levels == RiskLevel.allCases.map(\.description) else { throw LoadError.invalid("levels \(file.levels)") }
        guard !file.members.isEmpty else { throw LoadError.invalid("no networks") }
        let members = try file.members.map { try Network(layers: $0.layers, outputs: Self.levelCount) }
        let dimensions = members[0].inputDimensions
        guard members.allSatisfy({ $0.inputDimensions == dimensions }) else { throw LoadError.invalid("networks of different input sizes") }
        if let knn = file.knn {
            neighbours = try NearestExemplars(knn, dimensions: dimensions, classes: Self.levelCount)
            neighbourWeight = knn.weight
        } else {
            neighbours = nil
            neighbourWeight = 0
        }
        guard (0...1).contains(neighbourWeight) else { throw LoadError.invalid("kNN weight \(neighbourWeight)") }
        self.members = members
        self.sentences = file.inference.sentences
        self.thresholds = file.thresholds
        self.encoderFile = file.encoder.file
        self.inputDimensions = dimensions
    }

    /// The texts to embed for `text`: the whole message first, then its sentences when it has
    /// enough of them. Pass their embeddings, in this order, to `level(for:)`.
    public func units(of text: String) -> [String] {
        guard let sentences else { return [text] }
        let pieces = sentences.pieces(of: text)
        return pieces.count >= sentences.minPieces ? [text] + pieces : [text]
    }

    /// P(none), P(concern), P(crisis), P(imminent) for one unit's embedding.
    public func probabilities(_ embedding: [Float]) -> [Float] {
        precondition(embedding.count == inputDimensions, "embedding has \(embedding.count) dimensions, the head reads \(inputDimensions)")
        var mean = [Float](repeating: 0, count: Self.levelCount)
        for member in members {
            for (index, p) in member.probabilities(embedding).enumerated() { mean[index] += p / Float(members.count) }
        }
        guard let neighbours, neighbourWeight > 0 else { return mean }
        let votes = neighbours.probabilities(embedding)
        return (0..<Self.levelCount).map { (1 - neighbourWeight) * mean[$0] + neighbourWeight * votes[$0] }
    }

    /// The level for a message whose `units(of:)` have these embeddings.
    public func level(for embeddings: [[Float]]) -> RiskLevel {
        var atLeast = [Float](repeating: 0, count: Self.levelCount)
        for embedding in embeddings {
            let p = probabilities(embedding)
            for level in 0..<Self.levelCount { atLeast[level] = max(atLeast[level], p[level...].reduce(0, +)) }
        }
        let candidates: [(RiskLevel, Float?)] = [(.imminent, thresholds.imminent), (.crisis, thresholds.crisis), (.concern, thresholds.concern)]
        for (level, threshold) in candidates {
            if let threshold, atLeast[level.rawValue] >= threshold { return level }
        }
        return .none
    }
}

// MARK: - Parts

extension CrisisClassifierHead {
    struct Thresholds: Sendable, Decodable {
        let concern: Float?
        let crisis: Float?
        let imminent: Float?
    }

    /// How a message is cut into sentences, exactly as the training script does.
    struct SentenceUnits: Sendable, Decodable {
        let splitOn: String
        let minWords: Int
        let maxPieces: Int
        let minPieces: Int

        enum CodingKeys: String, CodingKey {
            case splitOn = "split_on", minWords = "min_words", maxPieces = "max_pieces", minPieces = "min_pieces"
        }

        /// Split on any of `splitOn` (as unicode scalars, like Python's `re.split`), trimmed, pieces
        /// of at least `minWords` words, the first `maxPieces`.
        func pieces(of text: String) -> [String] {
            let separators = Set(splitOn.unicodeScalars)
            var pieces: [String] = []
            var current = String.UnicodeScalarView()
            func close() {
                let piece = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
                if piece.split(whereSeparator: \.isWhitespace).count >= minWords { pieces.append(piece) }
                current = String.UnicodeScalarView()
            }
            for scalar in text.unicodeScalars {
                if separators.contains(scalar) { close() } else { current.append(scalar) }
            }
            close()
            return Array(pieces.prefix(maxPieces))
        }
    }

    /// A small dense network ending in a softmax over the levels.
    struct Network: Sendable {
        struct Layer: Sendable {
            enum Activation: String, Sendable, Decodable { case relu, tanh, softmax }
            /// Row-major, `outputs` rows of `inputs` weights.
            let weights: [Float]
            let bias: [Float]
            let inputs: Int
            let activation: Activation
        }

        let layers: [Layer]
        var inputDimensions: Int { layers[0].inputs }

        init(layers file: [HeadFile.Layer], outputs: Int) throws {
            guard let first = file.first?.weights.first?.count, first > 0 else { throw LoadError.invalid("an empty network") }
            var inputs = first
            var layers: [Layer] = []
            for (index, layer) in file.enumerated() {
                guard !layer.weights.isEmpty, layer.weights.allSatisfy({ $0.count == inputs }), layer.bias.count == layer.weights.count else {
                    throw LoadError.invalid("layer \(index) has inconsistent shapes")
                }
                layers.append(Layer(weights: layer.weights.flatMap { $0 }, bias: layer.bias, inputs: inputs, activation: layer.activation))
                inputs = layer.weights.count
            }
            guard layers.last?.activation == .softmax, inputs == outputs else {
                throw LoadError.invalid("the last layer must be a softmax over the \(outputs) levels")
            }
            self.layers = layers
        }

        func probabilities(_ input: [Float]) -> [Float] {
            var values = input
            for layer in layers {
                var out = layer.bias
                layer.weights.withUnsafeBufferPointer { weights in
                    values.withUnsafeBufferPointer { x in
                        for unit in out.indices {
                            out[unit] += NearestExemplars.dot(weights.baseAddress! + unit * layer.inputs, x.baseAddress!, count: layer.inputs)
                        }
                    }
                }
                switch layer.activation {
                case .relu: out = out.map { max(0, $0) }
                case .tanh: out = out.map { Foundation.tanh($0) }
                case .softmax: out = softmax(out)
                }
                values = out
            }
            return values
        }
    }

    /// A class-balanced, similarity-weighted vote of the `k` training messages nearest in meaning.
    struct NearestExemplars: Sendable {
        let exemplars: [Float]
        let labels: [Int]
        let dimensions: Int
        let k: Int
        let temperature: Float
        /// 1 / (exemplars of each level), so that the many calm messages do not outvote the rest.
        let balance: [Float]

        init(_ file: HeadFile.KNN, dimensions: Int, classes: Int) throws {
            guard file.exemplars.count == file.labels.count, file.k > 0, file.temperature > 0,
                  file.exemplars.allSatisfy({ $0.count == dimensions }), file.labels.allSatisfy({ (0..<classes).contains($0) }) else {
                throw LoadError.invalid("kNN exemplars, labels, k or temperature")
            }
            exemplars = file.exemplars.flatMap { $0 }
            labels = file.labels
            self.dimensions = dimensions
            k = min(file.k, file.labels.count)
            temperature = file.temperature
            var counts = [Float](repeating: 0, count: classes)
            for label in labels { counts[label] += 1 }
            balance = counts.map { $0 > 0 ? 1 / $0 : 0 }
        }

        func probabilities(_ embedding: [Float]) -> [Float] {
            // The k most similar rows, most similar first, kept in a small sorted list: one pass
            // over ~2,600 exemplars, no sort of all of them (this runs per sentence, per message).
            var nearest: [(similarity: Float, row: Int)] = []
            nearest.reserveCapacity(k + 1)
            exemplars.withUnsafeBufferPointer { rows in
                embedding.withUnsafeBufferPointer { x in
                    for row in 0..<labels.count {
                        let similarity = Self.dot(rows.baseAddress! + row * dimensions, x.baseAddress!, count: dimensions)
                        guard nearest.count < k || similarity > nearest[nearest.count - 1].similarity else { continue }
                        let position = nearest.firstIndex { similarity > $0.similarity } ?? nearest.count
                        nearest.insert((similarity, row), at: position)
                        if nearest.count > k { nearest.removeLast() }
                    }
                }
            }
            let top = nearest[0].similarity
            var votes = [Float](repeating: 0, count: balance.count)
            for (similarity, row) in nearest {
                votes[labels[row]] += Foundation.exp((similarity - top) / temperature) * balance[labels[row]]
            }
            let total = votes.reduce(0, +)
            return votes.map { $0 / total }
        }

        /// Eight lanes at a time; `count` is a multiple of 8 for this model (384), the rest is summed plainly.
        static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
            var lanes = SIMD8<Float>()
            var index = 0
            while index + 8 <= count {
                let x = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self)
                let y = UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self)
                lanes += x * y
                index += 8
            }
            var sum = lanes.sum()
            while index < count {
                sum += a[index] * b[index]
                index += 1
            }
            return sum
        }
    }

    /// The file as `train_head.py` writes it.
    struct HeadFile: Decodable {
        struct Encoder: Decodable {
            let name: String
            let file: String
        }

        struct Layer: Decodable {
            let weights: [[Float]]
            let bias: [Float]
            let activation: Network.Layer.Activation
        }

        struct Member: Decodable {
            let layers: [Layer]
        }

        struct KNN: Decodable {
            let k: Int
            let temperature: Float
            let weight: Float
            let labels: [Int]
            let exemplars: [[Float]]
        }

        struct Inference: Decodable {
            let sentences: SentenceUnits?
        }

        let format: String
        let encoder: Encoder
        let levels: [String]
        let members: [Member]
        let knn: KNN?
        let inference: Inference
        let thresholds: Thresholds
    }
}

private func softmax(_ values: [Float]) -> [Float] {
    let top = values.max() ?? 0
    let exps = values.map { Foundation.exp($0 - top) }
    let total = exps.reduce(0, +)
    return exps.map { $0 / total }
}
