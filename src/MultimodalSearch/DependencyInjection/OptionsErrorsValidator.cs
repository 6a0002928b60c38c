using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Validates options through their own list of problems, so that the messages name the configuration keys.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="getErrors">Lists the problems of an instance.</param>
internal sealed class OptionsErrorsValidator<TOptions>(Func<TOptions, IEnumerable<string>> getErrors) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = getErrors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
