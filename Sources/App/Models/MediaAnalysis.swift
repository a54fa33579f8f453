import Fluent
import Foundation

/// The stored outcome of one uploaded selfie or video. `fileID` is the generated name the media
/// was stored under; the client's own file name is never kept.
final class MediaAnalysis: Model, @unchecked Sendable {
    static let schema = "media_analyses"

    enum MediaType: String, Codable, Sendable {
        case image
        case video
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "account_id") var account: Account
    @Field(key: "file_id") var fileID: UUID
    @Enum(key: "media_type") var mediaType: MediaType
    @Field(key: "byte_size") var byteSize: Int
    /// The `analysis_result` JSON exactly as it was returned.
    @Field(key: "result_json") var resultJSON: String
    @Field(key: "risk_level") var riskLevel: String
    /// Set only while the raw media is retained (MEDIA_RETENTION=keep).
    @OptionalField(key: "stored_path") var storedPath: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, accountID: UUID, fileID: UUID, mediaType: MediaType, byteSize: Int,
         resultJSON: String, riskLevel: String, storedPath: String?) {
        self.id = id
        self.$account.id = accountID
        self.fileID = fileID
        self.mediaType = mediaType
        self.byteSize = byteSize
        self.resultJSON = resultJSON
        self.riskLevel = riskLevel
        self.storedPath = storedPath
    }
}
