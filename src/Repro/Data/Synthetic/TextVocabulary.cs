namespace Repro.Data.Synthetic;

/// <summary>
/// The word lists behind <see cref="SyntheticData.TextClassification"/>: a few everyday topics with their own words,
/// and neutral words any sentence may use. Invented for the purpose; no personal data.
/// </summary>
internal static class TextVocabulary
{
    /// <summary>The topic (class) names, in class order.</summary>
    public static readonly string[] Topics = ["sports", "cooking", "weather", "space", "music"];

    /// <summary>The words of each topic, indexed like <see cref="Topics"/>; no word belongs to two topics.</summary>
    public static readonly string[][] TopicWords =
    [
        ["match", "goal", "team", "coach", "striker", "referee", "league", "season", "stadium", "penalty", "score", "tournament",
         "defender", "keeper", "final", "training", "fans", "trophy", "sprint", "racket", "medal", "champion", "tackle", "pitch"],
        ["oven", "recipe", "garlic", "onion", "simmer", "bake", "flour", "butter", "pepper", "sauce", "kitchen", "roast",
         "dough", "spices", "boil", "salad", "soup", "chef", "pan", "taste", "fry", "sugar", "lemon", "herbs"],
        ["rain", "cloud", "storm", "wind", "forecast", "sunny", "humid", "thunder", "snow", "frost", "drizzle", "temperature",
         "breeze", "fog", "hail", "umbrella", "degrees", "warm", "chilly", "showers", "pressure", "gusts", "heatwave", "overcast"],
        ["planet", "orbit", "rocket", "galaxy", "telescope", "astronaut", "moon", "comet", "launch", "satellite", "asteroid", "nebula",
         "gravity", "crater", "mission", "station", "stars", "cosmic", "lunar", "probe", "eclipse", "solar", "meteor", "spacecraft"],
        ["guitar", "melody", "concert", "drums", "chorus", "album", "rhythm", "piano", "singer", "band", "lyrics", "violin",
         "tempo", "chord", "stage", "tune", "orchestra", "song", "bass", "encore", "playlist", "harmony", "verse", "microphone"],
    ];

    /// <summary>Neutral words that carry no topic.</summary>
    public static readonly string[] SharedWords =
    [
        "the", "a", "and", "was", "is", "very", "today", "after", "before", "we", "they", "really", "new", "old", "big", "small",
        "good", "long", "again", "morning", "evening", "still", "quite", "with", "about", "this", "that", "some", "many", "every",
    ];
}
