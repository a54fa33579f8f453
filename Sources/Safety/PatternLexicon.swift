/// Word classes shared by the screening rules (`@name` in a `TokenPattern`).
///
/// Classes keep the rules short and make vocabulary gaps fixable in one place: adding a drug
/// name to `@pills` updates every overdose and stockpiling rule at once.
enum PatternLexicon {
    static let classes: [String: String] = [
        "self": "myself|meself",
        "kill": "kill|killing|killed|kills|murder|murdering|=off|=offing|unalive",
        "want": "want|wanted|wanting|wants|wish|wishing|wished|need|needing|ready|longing|pray|praying",
        "intend": "(going to | will | about to | plan to | planning to | planning on | decided to | deciding to | intend to | ready to | finally going to)",
        "adverb": "just|really|so|honestly|literally|fucking|badly|actually|simply|truly|seriously|genuinely",
        "pills": "pills|pill|tablets|tablet|meds|medication|medications|medicine|paracetamol|tylenol|acetaminophen|ibuprofen|advil|aspirin|painkillers|antidepressants|antidepressant|insulin|opioids|oxy*|xanax|benzos|lithium|sleeping|sertraline|prozac|zoloft|citalopram|amitriptyline|codeine|tramadol|morphine|fentanyl|heroin|valium|diazepam",
        "means": "pills|tablets|meds|rope|noose|gun|pistol|rifle|firearm|knife|blade|blades|razor|razors|poison|bleach|ligature|belt",
        "place": "bridge|roof|rooftop|ledge|cliff|building|balcony|overpass|tower|tracks|railway|platform|window|edge",
        "relation": "dad|father|mom|mum|mother|stepdad|stepfather|stepmom|stepmum|stepmother|brother|sister|husband|wife|boyfriend|girlfriend|bf|gf|partner|boss|teacher|roommate|flatmate|baby|=son|daughter|kid|kids|child|children|family|parents|ex|coworker|coworkers|colleague|colleagues|neighbor|neighbour|classmate|classmates|uncle|aunt|cousin|grandpa|grandma|grandfather|grandmother|friend|friends|guy|man|woman|manager|landlord|bully|bullies",
        "person": "him|her|them|someone|somebody|people|everyone|everybody|anyone|anybody|others|((my|our|his|her|the|this|that|those|these) @relation)",
        "abuser": "he|she|they|((my|our|her|his|mom|mum) @relation)",
        "harm": "kill|killing|murder|murdering|stab|stabbing|shoot|shooting|hurt|hurting|harm|harming|strangle|strangling|poison|poisoning|attack|attacking|=smother|=smothering|drown|drowning",
        "selfHarmVerb": "cut|cutting|cuts|burn|burning|burned|burnt|scratch|scratching|scratched|hurt|hurting|harm|harming|punish|punishing|starve|starving|carve|carving|bruise|bruising|hit|hitting|punch|punching|bite|biting",
        "timeframe": "tonight|today|tomorrow|(right now)|(now $)|(this (morning|afternoon|evening|weekend|week|monday|tuesday|wednesday|thursday|friday|saturday|sunday))|(in (a|an|#num|few|couple) [few|couple|of] (minutes|minute|mins|hours|hour|hrs))|(after|when|once (everyone | everybody | they | he | she | the kids | my parents | my family | my wife | my husband | my partner | my roommate | my mom | my mum | my dad) ~3 sleep|asleep|bed|leave|leaves|left|gone|out|work)|(at midnight)|(on (monday|tuesday|wednesday|thursday|friday|saturday|sunday | my birthday))|(before (morning|sunrise|dawn))|(by (morning|tonight|tomorrow))|(tonight is the night)|(this is the (night|day))",
        /// Ways of saying "be dead", shared by the desire, relief and "only option" frames.
        "death": "(die | be dead | stop living | stop existing | not exist | not be alive | not be here | not be here anymore | not be around anymore | disappear forever | never wake up | never wake up again | not wake up | sleep forever | stop breathing | cease to exist | be gone for good | end it all | end my life | kill myself | end everything | not be alive anymore | be gone forever | fall asleep forever | go to sleep forever | end it $ | end it now | end it tonight | end it already | end things $ | ended things | ended it all | ended it $ | ended my life | fall asleep and never wake up)",
        "history": "(used to)|(when i was)|(years ago)|(year ago)|(last year)|(as a (teen|teenager|kid|child))|((in|at) (high|middle) school)|(back (then|in))|(in the past)|(i was #num)|(months ago)|(growing up)",
    ]
}
