using Repro.Data.Synthetic;

namespace Repro.Tests.Data.Synthetic;

public sealed class SyntheticDataTextTests
{
    [Fact]
    public void Same_seed_gives_identical_sentences_and_another_seed_does_not()
    {
        var first = SyntheticData.TextClassification(31);
        var second = SyntheticData.TextClassification(31);
        var other = SyntheticData.TextClassification(32);

        Assert.Equal(first.Texts, second.Texts);
        Assert.Equal(first.Labels, second.Labels);
        Assert.NotEqual(first.Texts, other.Texts);
    }

    [Fact]
    public void Corpus_has_balanced_topics_and_sentences_of_the_requested_length()
    {
        var data = SyntheticData.TextClassification(33, samples: 301, classes: 3, minWords: 4, maxWords: 9);

        Assert.Equal(301, data.Count);
        Assert.Equal(["sports", "cooking", "weather"], data.ClassNames);
        Assert.Equal([101, 100, 100], data.ClassCounts());
        Assert.All(data.Texts, text => Assert.InRange(text.Split(' ').Length, 4, 9));
        Assert.Equal(Enumerable.Range(4, 6), data.Texts.Select(t => t.Split(' ').Length).Distinct().Order());
    }

    [Fact]
    public void Every_word_comes_from_its_topic_or_the_shared_words()
    {
        var data = SyntheticData.TextClassification(34, samples: 500, classes: 5);

        for (var i = 0; i < data.Count; i++)
        {
            var allowed = TextVocabulary.TopicWords[data.Labels[i]].Concat(TextVocabulary.SharedWords).ToHashSet();
            Assert.All(data.Texts[i].Split(' '), word => Assert.Contains(word, allowed));
        }
    }

    [Fact]
    public void Topic_words_appear_at_about_the_requested_rate()
    {
        var data = SyntheticData.TextClassification(35, samples: 2000, classes: 2, topicWordRate: 0.35);
        var shared = TextVocabulary.SharedWords.ToHashSet();

        var words = data.Texts.SelectMany(t => t.Split(' ')).ToArray();
        var rate = words.Count(w => !shared.Contains(w)) / (double)words.Length;

        Assert.InRange(rate, 0.33, 0.37);
    }

    [Fact]
    public void A_topic_word_rate_of_one_uses_only_topic_words()
    {
        var data = SyntheticData.TextClassification(36, samples: 200, classes: 2, topicWordRate: 1);

        Assert.All(data.Texts.SelectMany(t => t.Split(' ')), word => Assert.DoesNotContain(word, TextVocabulary.SharedWords));
    }

    [Theory]
    [InlineData(1, "classes", "at least 2")]
    [InlineData(6, "classes", "at most 5")]
    public void Topic_count_outside_the_built_in_topics_is_refused(int classes, string parameter, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.TextClassification(1, classes: classes));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_sentence_settings_are_refused()
    {
        Assert.Equal("minWords", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.TextClassification(1, minWords: 0)).ParamName);
        Assert.Equal("maxWords", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.TextClassification(1, minWords: 5, maxWords: 4)).ParamName);
        Assert.Equal("topicWordRate", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.TextClassification(1, topicWordRate: 0)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.TextClassification(1, samples: 2, classes: 3)).ParamName);
    }
}
