import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: MetricsController())
    try app.register(collection: ChatController())
    try app.register(collection: AuthController())
    try app.grouped(AccountMiddleware()).register(collection: AnalysisController())
}
