import Foundation
import Testing
@testable import FaceAnalysis

extension RealModelTests {
    @Suite("Broken, fake and oversized files")
    struct BrokenMediaTests {
        /// Copies the first `fraction` of a real file into `dir`.
        private func truncatedCopy(of name: String, fraction: Double, in dir: URL, as newName: String) throws -> URL {
            let data = try Data(contentsOf: try TestSupport.media(name))
            let url = dir.appendingPathComponent(newName)
            try data.prefix(Int(Double(data.count) * fraction)).write(to: url)
            return url
        }

        private func failure(_ analyzer: FaceAnalyzer, _ url: URL) async -> FaceAnalysisError? {
            await TestSupport.expectFailure { () async throws(FaceAnalysisError) in try await analyzer.analyze(fileAt: url) }
        }

        @Test("truncated JPEG and PNG are unreadable", arguments: [("single_face.jpg", "cut.jpg"), ("astronaut.png", "cut.png")])
        func truncatedImages(name: String, copy: String) async throws {
            let analyzer = try await TestSupport.analyzer()
            let dir = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = try truncatedCopy(of: name, fraction: 0.5, in: dir, as: copy)
            let error = await failure(analyzer, url)
            #expect(error?.code == "unreadable_media", "\(String(describing: error))")
        }

        @Test("truncated MP4 without its index (moov at the end) is unreadable")
        func truncatedVideoWithoutIndex() async throws {
            let analyzer = try await TestSupport.analyzer()
            let dir = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = try truncatedCopy(of: "single_face.mp4", fraction: 0.5, in: dir, as: "cut.mp4")
            let error = await failure(analyzer, url)
            #expect(error?.code == "unreadable_media", "\(String(describing: error))")
        }

        @Test("truncated MP4 whose index survives (moov first) is caught when the stream ends early")
        func truncatedVideoStreamEndsEarly() async throws {
            let analyzer = try await TestSupport.analyzer()
            let dir = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = try truncatedCopy(of: "WolfgangLanger_Pexels.mp4", fraction: 0.4, in: dir, as: "cut.mp4")
            let error = await failure(analyzer, url)
            #expect(error?.code == "unreadable_media", "\(String(describing: error))")
        }

        @Test("an empty file is unreadable")
        func emptyFile() async throws {
            let analyzer = try await TestSupport.analyzer()
            let dir = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = dir.appendingPathComponent("empty.jpg")
            try Data().write(to: url)
            let error = await failure(analyzer, url)
            #expect(error?.code == "unreadable_media")
        }

        @Test("a text file named .jpg is unsupported")
        func textNamedJpeg() async throws {
            let analyzer = try await TestSupport.analyzer()
            let dir = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = dir.appendingPathComponent("selfie.jpg")
            try Data("this is not a photo\n".utf8).write(to: url)
            #expect(await failure(analyzer, url) == .unsupportedMediaType)
            let direct = await TestSupport.expectFailure { () async throws(FaceAnalysisError) in try await analyzer.analyzeImage(at: url) }
            #expect(direct == .unsupportedMediaType)
        }

        @Test("a 20000x20000 PNG is refused from its header, before decoding")
        func hugePNG() async throws {
            let analyzer = try await TestSupport.analyzer()
            let dir = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = dir.appendingPathComponent("huge.png")
            try Self.craftPNG(width: 20_000, height: 20_000).write(to: url)
            let started = ContinuousClock.now
            let error = await failure(analyzer, url)
            let elapsed = ContinuousClock.now - started
            #expect(error == .imageTooLarge(width: 20_000, height: 20_000))
            #expect(error?.code == "image_too_large")
            // Decoding would allocate 1.2 GB and take seconds; the header check takes milliseconds.
            #expect(elapsed < .seconds(1))
        }

        /// A structurally valid PNG header (IHDR, one small IDAT, IEND, correct CRCs) claiming any size.
        static func craftPNG(width: UInt32, height: UInt32) -> Data {
            func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
                let typed = Array(type.utf8) + body
                let crc = crc32(typed)
                return be32(UInt32(body.count)) + typed + be32(crc)
            }
            func crc32(_ bytes: [UInt8]) -> UInt32 {  // PNG's CRC-32 (reflected 0xEDB88320)
                var c: UInt32 = 0xFFFF_FFFF
                for b in bytes {
                    c ^= UInt32(b)
                    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
                }
                return c ^ 0xFFFF_FFFF
            }
            let ihdr = be32(width) + be32(height) + [8, 2, 0, 0, 0]  // 8-bit RGB
            let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]  // zlib of one 0 byte
            let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            return Data(signature + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", []))
        }
    }
}
