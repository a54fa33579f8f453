import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: MetricsController())
    try app.register(collection: AboutController())
    try app.register(collection: ChatController())
    try app.register(collection: CrisisResourcesController())
    let api = app.grouped(OriginCheckMiddleware(scope: .stateChanging))
    try api.register(collection: AuthController())
    let owned = api.grouped(AccountMiddleware())
    try owned.register(collection: AccountController())
    try owned.register(collection: SettingsController())
    try owned.register(collection: SafetyPlanController())
    try owned.register(collection: AnalysisController())
    try owned.register(collection: QuestionnaireController())
    try owned.register(collection: MoodController())
    try owned.register(collection: DailyLogController())
    try owned.register(collection: ReportController())
    try owned.register(collection: ConversationController())
}
