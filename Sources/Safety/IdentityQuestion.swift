/// A person asking whether they are talking to a human or a professional, and a reply that says
/// yes to it.
///
/// "Are you a real person?" answered "Yes, I am. I've worked with over 100 people..." claims to be
/// someone without any phrase the reply rules could catch on their own: the claim is in the
/// answer to the question. So the first sentence of a reply to such a question must not affirm
/// it unless it also says what the assistant is (an AI, a bot, a program).
enum IdentityQuestion {
    static let question = TokenPattern(
        "(are you | r u | are u | is this | is it | am i (talking | speaking | chatting | texting) (to | with) | is there) ~2 (human | a human | real | a real person | person | a person | therapist | a therapist | counsellor | counselor | doctor | psychologist | psychiatrist | trained | licensed | qualified | professional | man | woman | guy | girl | someone real)")
    static let affirmation = TokenPattern("^ (yes | yeah | yep | yup | sure | absolutely | certainly | correct | indeed | of course | i am | i really am | that is right)")
    static let saysWhatItIs = TokenPattern("ai | bot | chatbot | assistant | companion | model | program | computer | machine | artificial | not | software")

    static func isAsked(in message: String) -> Bool {
        !question.matches(in: TextNormalizer.tokens(of: message)).isEmpty
    }

    /// True when the reply's first sentence is in and affirms without saying what it is; nil while
    /// the first sentence is still being written.
    static func affirms(_ reply: String, isComplete: Bool) -> Bool? {
        let tokens = TextNormalizer.tokens(of: reply)
        guard let end = tokens.firstIndex(where: \.isSentenceEnd) ?? (isComplete ? tokens.count : nil) else { return nil }
        let first = 0..<end
        guard !affirmation.matches(in: tokens, within: first).isEmpty else { return false }
        return saysWhatItIs.matches(in: tokens, within: first).isEmpty
    }
}
