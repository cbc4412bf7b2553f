using System.Globalization;
using System.Text;

namespace IndexHub.Api.Domain.Geography;

/// <summary>
/// Folds the many ways a Vietnamese place name is written into one comparable key:
/// diacritics and both tone-mark placements ("Hoà"/"Hòa") disappear, case and punctuation
/// do not matter ("TT-Huế", "Thừa Thiên - Huế"), and the administrative prefix that tables
/// add or drop ("Tỉnh", "Thành phố", "TP.") is ignored.
/// </summary>
public static class VietnameseNames
{
    // Longest first, so "thanh pho" is removed before a shorter prefix could match.
    private static readonly string[] AdministrativePrefixes = ["thanh pho ", "tinh ", "tp "];

    /// <summary>The key under which a name is matched.</summary>
    public static string MatchKey(string name)
    {
        var folded = Fold(name);
        foreach (var prefix in AdministrativePrefixes)
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal) && folded.Length > prefix.Length)
            {
                return folded[prefix.Length..];
            }
        }
        return folded;
    }

    /// <summary>ASCII, lower case, words separated by single spaces.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var mapped = c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            };
            if (char.IsAsciiLetterOrDigit(mapped))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                pendingSpace = false;
                builder.Append(mapped);
            }
            else
            {
                // Hyphens, dots, spaces and any other symbol separate words.
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }

    /// <summary>The name written without diacritics, keeping case and punctuation ("Bà Rịa - Vũng Tàu" → "Ba Ria - Vung Tau").</summary>
    public static string ToAscii(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The short name of a unit from its full name: "Tỉnh Tuyên Quang" → "Tuyên Quang".</summary>
    public static string ShortName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        foreach (var prefix in new[] { "Thành phố ", "Tỉnh " })
        {
            if (fullName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return fullName[prefix.Length..];
            }
        }
        return fullName;
    }
}
