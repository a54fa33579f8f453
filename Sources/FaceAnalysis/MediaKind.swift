import Foundation

/// What an uploaded file is, decided from its first bytes only: a name or a client's content type
/// can lie, and the decoders behind each kind are different code paths with different limits.
public enum MediaKind: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, bmp
    case mp4, quickTime = "mov", matroska = "mkv", avi

    /// How many leading bytes `detect(header:)` needs.
    public static let headerLength = 16

    public var isImage: Bool {
        switch self {
        case .jpeg, .png, .webp, .bmp: true
        case .mp4, .quickTime, .matroska, .avi: false
        }
    }

    public var isVideo: Bool { !isImage }

    /// The kind named by the magic bytes, or nil for anything unsupported (GIF, HEIC, text, ...).
    public static func detect(header bytes: some Collection<UInt8>) -> MediaKind? {
        let b = Array(bytes.prefix(headerLength))
        func ascii(_ text: String, at offset: Int) -> Bool {
            let t = Array(text.utf8)
            return b.count >= offset + t.count && Array(b[offset..<offset + t.count]) == t
        }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if ascii("RIFF", at: 0), ascii("WEBP", at: 8) { return .webp }
        if ascii("RIFF", at: 0), ascii("AVI ", at: 8) { return .avi }
        if ascii("BM", at: 0), b.count >= 14 { return .bmp }
        if b.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return .matroska }  // EBML: WebM and Matroska
        if ascii("ftyp", at: 4), b.count >= 12 {
            let brand = String(decoding: b[8..<12], as: UTF8.self)
            // HEIF/AVIF stills share the ISO container but are images this pipeline cannot decode.
            if heifBrands.contains(brand) { return nil }
            return brand == "qt  " ? .quickTime : .mp4
        }
        return nil
    }

    /// Reads the first bytes of a file; nil when the kind is unsupported. Throws when unreadable.
    public static func detect(fileAt url: URL) throws(FaceAnalysisError) -> MediaKind? {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadableMedia(reason: "the file could not be opened")
        }
        defer { try? handle.close() }
        let data: Data?
        do {
            data = try handle.read(upToCount: headerLength)
        } catch {
            throw .unreadableMedia(reason: "the file could not be read")
        }
        guard let data, !data.isEmpty else { throw .unreadableMedia(reason: "the file is empty") }
        return detect(header: data)
    }

    private static let heifBrands: Set<String> = [
        "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis",
    ]
}
