using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Errors;

/// <summary>One redactor for every secret the apps print around (issue 22): keys and tokens, and connection-string passwords.</summary>
public sealed class SecretRedactorTests
{
    private const string Password = "s3cr3t-Passw0rd;with=odd'chars";

    [Theory]
    [InlineData("Host=db;Username=shop;Password={0};Database=shop")]
    [InlineData("Host=db;Pwd={0}")]
    [InlineData("Host=db;PSW={0}")]
    [InlineData("host=db;PASSWORD={0}")]
    [InlineData("Host=db;SSL Password={0}")]
    [InlineData("Host=db;SslPassword={0}")]
    [InlineData("postgress:Host=db;Pwd={0}")]
    [InlineData("Host=db; pwd = {0} ;Port=5432")]
    [InlineData("Host=db;Passwrod={0}")]
    public void Every_password_keyword_and_alias_is_masked_with_or_without_quotes(string format)
    {
        foreach (var value in new[] { "plain-Secret-1234", "'" + Password.Replace("'", "''", StringComparison.Ordinal) + "'", "\"" + Password + "\"", "'unclosed;quote;Secret-1234" })
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, value);

            var redacted = SecretRedactor.RedactConnectionString(text);

            SecretAssert.NoFragment(value.Trim('\'', '"'), redacted);
            Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
            Assert.StartsWith(text[..text.IndexOf(';', StringComparison.Ordinal)], redacted, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("postgres://shop:hunter2-secret@db:5432/shop", "hunter2-secret")]
    [InlineData("postgresql://shop:p%40ss-secret@db/shop?sslmode=require", "p%40ss-secret")]
    [InlineData("error connecting to postgres://shop:hunter2-secret@db/shop: refused", "hunter2-secret")]
    public void A_uri_password_is_masked(string text, string secret)
    {
        var redacted = SecretRedactor.RedactConnectionString(text);

        SecretAssert.NoFragment(secret, redacted);
        Assert.Contains("shop:***@db", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_a_password_is_unchanged()
    {
        Assert.Equal("Host=db;Username=shop;Database=shop;Passfile=/home/me/.pgpass", SecretRedactor.RedactConnectionString("Host=db;Username=shop;Database=shop;Passfile=/home/me/.pgpass"));
    }

    [Fact]
    public void Known_secrets_are_replaced_everywhere_and_short_or_missing_ones_ignored()
    {
        Assert.Equal("key *** and *** again, token ***", SecretRedactor.Redact("key AIzaSy-0123456789 and AIzaSy-0123456789 again, token ya29.token", "AIzaSy-0123456789", null, "", "ya29.token"));
        Assert.Equal("a b c", SecretRedactor.Redact("a b c", "a"));
    }
}
