/// The seven FER2013 classes, in the order the emotion network outputs them.
public enum Emotion: String, Sendable, Codable, CaseIterable {
    case angry, disgust, fear, happy, sad, surprise, neutral

    /// Index in the network's output vector.
    var index: Int { Emotion.allCases.firstIndex(of: self)! }
}
