using Repro.Environments;

namespace Repro.Tests.Environments;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("https://alice:s3cretpass@example.com/repo.git", "s3cretpass")]
    [InlineData("https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r", "ghp_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("https://x.blob.core.windows.net/c/f?sv=2022-11-02&sig=AbCdEf0123456789%2B%2F%3D", "AbCdEf0123456789")]
    [InlineData("https://api.example.com/v1?token=tok_live_123456&page=2", "tok_live_123456")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE in text", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_11ABCDEFG0123456789")]
    [InlineData("gho_16C7e42F292c6912E7710c838347Ae178B4a", "gho_16C7e42F292c6912E7710c838347Ae178B4a")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acc;AccountKey=bm90LWEtcmVhbC1rZXktYnV0LWxvbmctZW5vdWdo==;EndpointSuffix=core.windows.net", "bm90LWEtcmVhbC1rZXktYnV0LWxvbmctZW5vdWdo")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("password=hunter22", "hunter22")]
    [InlineData("\"api_key\": \"9f86d081884c7d659a2feaa0c55ad015\"", "9f86d081884c7d659a2feaa0c55ad015")]
    [InlineData("clientSecret: abc123def456", "abc123def456")]
    [InlineData("Authorization: Bearer abcdef123456", "abcdef123456")]
    [InlineData("HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH")]
    public void Credential_shapes_are_redacted(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text, out var count);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Marker, redacted, StringComparison.Ordinal);
        Assert.True(count > 0);
    }

    [Theory]
    [InlineData("tokenizer=sentencepiece")]
    [InlineData("/usr/local/bin:/usr/bin:/bin")]
    [InlineData("author: Ada Lovelace")]
    [InlineData("https://github.com/org/repo.git")]
    [InlineData("git@github.com:org/repo.git")]
    [InlineData("lr=0.01 epochs=3")]
    [InlineData("{\"key\": \"loss\", \"value\": 0.31, \"step\": 3}")]
    public void Ordinary_text_is_kept(string text)
    {
        Assert.Equal(text, SecretRedactor.Redact(text, out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void The_value_after_an_option_naming_a_secret_is_redacted_and_the_rest_of_the_command_kept()
    {
        string[] command = ["python", "train.py", "--api-key", "XYZ-123", "--password=pw0rd!", "--tokenizer", "bpe", "--epochs", "3"];

        var redacted = SecretRedactor.RedactCommand(command, out var count);

        Assert.Equal(["python", "train.py", "--api-key", "[REDACTED]", "--password=[REDACTED]", "--tokenizer", "bpe", "--epochs", "3"], redacted);
        Assert.Equal(2, count);
    }

    [Fact]
    public void Credentials_are_removed_from_a_remote_url_without_a_marker()
    {
        Assert.Equal("https://github.com/o/r.git", SecretRedactor.RemoveUrlCredentials("https://user:pa55@github.com/o/r.git"));
        Assert.Equal("git@github.com:o/r.git", SecretRedactor.RemoveUrlCredentials("git@github.com:o/r.git"));
    }
}
