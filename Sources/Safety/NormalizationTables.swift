/// Word tables for `TextNormalizer`, kept apart so they can be reviewed and extended on their own.
///
/// Keys are spelling skeletons (see `Token.key`), so each entry also covers its stretched and
/// double-letter variants.
enum NormalizationTables {
    /// Contractions written with or without the apostrophe, plus chat shorthand.
    static let contractions: [String: String] = entries([
        ("i'm", "i am"), ("im", "i am"), ("i'am", "i am"),
        ("i've", "i have"), ("ive", "i have"),
        ("i'll", "i will"), ("i'd", "i would"),
        ("imma", "i am going to"), ("ima", "i am going to"),
        ("you're", "you are"), ("youre", "you are"), ("ur", "your"),
        ("you've", "you have"), ("youve", "you have"),
        ("you'll", "you will"), ("youll", "you will"), ("you'd", "you would"),
        ("he's", "he is"), ("hes", "he is"), ("she's", "she is"), ("shes", "she is"),
        ("he'll", "he will"), ("she'll", "she will"), ("he'd", "he would"), ("she'd", "she would"),
        ("they're", "they are"), ("theyre", "they are"), ("they've", "they have"), ("theyve", "they have"),
        ("they'll", "they will"), ("theyll", "they will"), ("they'd", "they would"), ("theyd", "they would"),
        ("we're", "we are"), ("we've", "we have"), ("we'll", "we will"),
        ("it's", "it is"), ("its", "it is"), ("it'll", "it will"), ("itll", "it will"),
        ("that's", "that is"), ("thats", "that is"), ("that'll", "that will"),
        ("what's", "what is"), ("whats", "what is"), ("wats", "what is"), ("wat", "what"),
        ("there's", "there is"), ("theres", "there is"), ("here's", "here is"),
        ("who's", "who is"), ("how's", "how is"), ("where's", "where is"),
        ("everyone's", "everyone is"), ("everybody's", "everybody is"), ("nobody's", "nobody is"),
        ("life's", "life is"),
        ("don't", "do not"), ("dont", "do not"), ("dnt", "do not"),
        ("doesn't", "does not"), ("doesnt", "does not"),
        ("didn't", "did not"), ("didnt", "did not"),
        ("can't", "can not"), ("cant", "can not"), ("cannot", "can not"), ("cnt", "can not"),
        ("couldn't", "could not"), ("couldnt", "could not"),
        ("won't", "will not"), ("wont", "will not"),
        ("wouldn't", "would not"), ("wouldnt", "would not"),
        ("shouldn't", "should not"), ("shouldnt", "should not"),
        ("isn't", "is not"), ("isnt", "is not"), ("aren't", "are not"), ("arent", "are not"),
        ("wasn't", "was not"), ("wasnt", "was not"), ("weren't", "were not"), ("werent", "were not"),
        ("haven't", "have not"), ("havent", "have not"), ("hasn't", "has not"), ("hasnt", "has not"),
        ("hadn't", "had not"), ("hadnt", "had not"), ("ain't", "is not"), ("aint", "is not"),
        ("wanna", "want to"), ("wana", "want to"), ("gonna", "going to"), ("gona", "going to"),
        ("finna", "going to"), ("gotta", "got to"), ("tryna", "trying to"), ("hafta", "have to"),
        ("idk", "i do not know"), ("dunno", "do not know"),
    ])

    /// Misspellings, slang and euphemisms, mapped to the plain words the rules are written in.
    ///
    /// Euphemisms such as "unalive" and "sewer slide" exist to dodge keyword filters, which is
    /// exactly why they must be caught here.
    static let spellings: [String: String] = entries([
        // suicide / suicidal
        ("suicde", "suicide"), ("sucide", "suicide"), ("suiside", "suicide"), ("suicid", "suicide"),
        ("suecide", "suicide"), ("suiscide", "suicide"), ("sucicide", "suicide"), ("suicie", "suicide"),
        ("su1cide", "suicide"), ("su1c1de", "suicide"), ("suicidee", "suicide"), ("suidcide", "suicide"),
        ("suicidle", "suicidal"), ("sucidal", "suicidal"), ("suicdal", "suicidal"), ("suisidal", "suicidal"),
        ("suicidial", "suicidal"), ("suicidel", "suicidal"), ("suicidual", "suicidal"), ("sucicidal", "suicidal"),
        ("suicidalll", "suicidal"),
        // kill / die
        ("k1ll", "kill"), ("kil", "kill"), ("klil", "kill"), ("kiil", "kill"),
        ("kms", "kill myself"), ("kys", "kill yourself"),
        ("unalive", "kill"), ("unalived", "killed"), ("unaliving", "killing"), ("unalives", "kills"),
        ("ctb", "kill myself"), ("kermit", "commit"), ("sewerslide", "suicide"), ("selfdelete", "kill myself"),
        ("dieing", "dying"), ("dyin", "dying"),
        ("overdoze", "overdose"), ("overdosse", "overdose"), ("ovrdose", "overdose"),
        ("od'ing", "overdosing"), ("od'd", "overdosed"),
        // self
        ("myslef", "myself"), ("mysef", "myself"), ("mself", "myself"), ("meself", "myself"),
        ("myeslf", "myself"), ("mysel", "myself"), ("mysself", "myself"), ("msyelf", "myself"),
        ("selfharm", "self harm"), ("selfharming", "self harming"), ("selfharmed", "self harmed"),
        // want / think / other common slips
        ("wnat", "want"), ("wnt", "want"), ("wamt", "want"), ("watn", "want"),
        ("thinkin", "thinking"), ("feelin", "feeling"), ("goin", "going"), ("tryin", "trying"), ("nothin", "nothing"),
        ("somethin", "something"), ("livin", "living"), ("cuttin", "cutting"), ("killin", "killing"), ("wantin", "wanting"),
        ("cryin", "crying"), ("lookin", "looking"), ("gettin", "getting"), ("doin", "doing"), ("hurtin", "hurting"),
        ("takin", "taking"), ("talkin", "talking"), ("sleepin", "sleeping"), ("plannin", "planning"), ("wishin", "wishing"),
        ("agen", "again"), ("agian", "again"), ("agin", "again"), ("tho", "though"), ("thinkng", "thinking"), ("thnking", "thinking"), ("tinking", "thinking"),
        ("bout", "about"), ("abt", "about"), ("abut", "about"),
        ("thouhgts", "thoughts"), ("thougts", "thoughts"), ("thoghts", "thoughts"), ("thoughs", "thoughts"),
        ("toughts", "thoughts"),
        ("tonite", "tonight"), ("2nite", "tonight"), ("tonigth", "tonight"), ("tonihgt", "tonight"),
        ("tmrw", "tomorrow"), ("tmr", "tomorrow"), ("tmrow", "tomorrow"), ("2moro", "tomorrow"),
        ("2morrow", "tomorrow"), ("tommorow", "tomorrow"), ("tomorow", "tomorrow"), ("tomoro", "tomorrow"),
        ("rn", "right now"),
        ("evryone", "everyone"), ("everone", "everyone"), ("every1", "everyone"), ("evrybody", "everybody"),
        ("no1", "nobody"), ("noone", "nobody"), ("nobdy", "nobody"),
        ("ppl", "people"), ("teh", "the"), ("hte", "the"), ("u", "you"), ("r", "are"), ("ya", "you"),
        ("pillz", "pills"), ("lyf", "life"), ("anymor", "anymore"),
        ("annymore", "anymore"), ("enymore", "anymore"), ("nemore", "anymore"),
        ("bc", "because"), ("cuz", "because"), ("coz", "because"), ("bcuz", "because"), ("becuase", "because"),
        ("lmao", "lol"), ("lmfao", "lol"), ("rofl", "lol"), ("xd", "lol"), ("lolol", "lol"),
    ])

    /// Two-word spellings folded into one word, and multi-word euphemisms.
    static let pairs: [String: String] = entries([
        ("my self", "myself"), ("your self", "yourself"), ("him self", "himself"),
        ("her self", "herself"), ("them selves", "themselves"), ("our selves", "ourselves"),
        ("sewer slide", "suicide"), ("self delete", "kill myself"),
        ("self deleting", "killing myself"), ("yeet myself", "throw myself"), ("self deleted", "killed myself"), ("un alive", "kill"),
        ("no one", "nobody"), ("no body", "nobody"), ("any more", "anymore"),
        ("good bye", "goodbye"),
    ])

    /// Risk words people spell out letter by letter ("d i e") to get past filters.
    static let spelledOut: Set<String> = ["die", "dead", "kill", "kms", "cut", "hang", "suicide", "suicidal", "overdose", "myself", "selfharm", "unalive"]

    /// Verbs after which a clause-initial "ill" almost certainly means "I'll".
    static let willVerbs: Set<String> = keys([
        "kill", "end", "be", "do", "take", "jump", "hang", "cut", "never", "just", "probably",
        "finally", "make", "go", "die", "hurt", "overdose", "try", "leave", "disappear", "stop",
    ])

    /// Words after which a clause-initial "id" almost certainly means "I'd".
    static let wouldVerbs: Set<String> = keys([
        "rather", "die", "kill", "love", "like", "never", "be", "do", "give", "want", "sell",
        "literally", "honestly", "just", "actually", "probably", "hate",
    ])

    /// Words after which "dye" keeps its meaning ("dye my hair").
    static let dyeObjects: Set<String> = keys([
        "my", "your", "her", "his", "their", "our", "the", "it", "them", "hair", "a", "an", "some",
        "this", "that", "these", "those", "clothes", "shirt", "eggs", "fabric", "job", "color", "colour",
    ])

    /// Emoji read as laughter, so hyperbole guards can see "I'm dead 😂" as a joke.
    static let laughingEmoji: Set<Unicode.Scalar> = ["😂", "🤣", "😆", "😹", "💀", "😅", "😝", "😜"]

    private static func entries(_ list: [(String, String)]) -> [String: String] {
        var map: [String: String] = [:]
        for (from, to) in list { map[Token.skeleton(of: from)] = to }
        return map
    }

    private static func keys(_ list: [String]) -> Set<String> {
        Set(list.map(Token.skeleton(of:)))
    }
}
