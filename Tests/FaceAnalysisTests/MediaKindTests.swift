import Foundation
import Testing
@testable import FaceAnalysis

@Suite("Media kind from magic bytes")
struct MediaKindTests {
    private func bytes(_ prefix: [UInt8], _ ascii: String = "", at offset: Int = 0, length: Int = 16) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: length)
        for (i, v) in prefix.enumerated() { b[i] = v }
        for (i, v) in ascii.utf8.enumerated() { b[offset + i] = v }
        return b
    }

    @Test func images() {
        #expect(MediaKind.detect(header: bytes([0xFF, 0xD8, 0xFF, 0xE0])) == .jpeg)
        #expect(MediaKind.detect(header: bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) == .png)
        var webp = bytes([], "RIFF")
        webp.replaceSubrange(8..<12, with: Array("WEBP".utf8))
        #expect(MediaKind.detect(header: webp) == .webp)
        #expect(MediaKind.detect(header: bytes([], "BM")) == .bmp)
    }

    @Test func videos() {
        #expect(MediaKind.detect(header: bytes([0, 0, 0, 0x20], "ftypisom", at: 4)) == .mp4)
        #expect(MediaKind.detect(header: bytes([0, 0, 0, 0x14], "ftypqt  ", at: 4)) == .quickTime)
        #expect(MediaKind.detect(header: bytes([0x1A, 0x45, 0xDF, 0xA3])) == .matroska)
        var avi = bytes([], "RIFF")
        avi.replaceSubrange(8..<12, with: Array("AVI ".utf8))
        #expect(MediaKind.detect(header: avi) == .avi)
    }

    @Test func unsupported() {
        #expect(MediaKind.detect(header: Array("GIF89a..........".utf8)) == nil)
        #expect(MediaKind.detect(header: bytes([0, 0, 0, 0x18], "ftypheic", at: 4)) == nil)  // HEIF still
        #expect(MediaKind.detect(header: Array("hello, not an image".utf8)) == nil)
        #expect(MediaKind.detect(header: [UInt8]()) == nil)
    }

    @Test("the real files are recognised by content, whatever their name")
    func realFiles() throws {
        let expected: [(String, MediaKind)] = [
            ("astronaut.png", .png), ("single_face.jpg", .jpeg), ("single_face.mp4", .mp4),
            ("face_noface.mov", .quickTime), ("WolfgangLanger_Pexels.mp4", .mp4),
        ]
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, (name, kind)) in expected.enumerated() {
            let source = try TestSupport.media(name)
            #expect(try MediaKind.detect(fileAt: source) == kind, "\(name)")
            // The same bytes under a misleading name are still what they are.
            let renamed = dir.appendingPathComponent("upload-\(index).txt")
            try FileManager.default.copyItem(at: source, to: renamed)
            #expect(try MediaKind.detect(fileAt: renamed) == kind, "\(name) renamed")
        }
    }
}
