#!/usr/bin/env bash
# Packs every package into artifacts/packages, checks what each .nupkg holds, then proves that a consumer
# with only the packages works: a project outside the solution restores them from that folder, indexes
# the demo catalog and asks one question offline; and the fashion-search tool installs from the same
# folder into a temporary tool path and runs `demo`. Exits non-zero on the first thing missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
out="$repo/artifacts/packages"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
work="$(mktemp -d /tmp/multimodalsearch-consumer.XXXXXX)"
trap 'rm -rf "$work"' EXIT

fail() { echo "check-packages: error: $*" >&2; exit 1; }
step() { echo "check-packages: $*" >&2; }

rm -rf "$out"
step "packing version $version into $out"
dotnet pack MultimodalSearch.sln -c Release -o "$out" -warnaserror -p:ContinuousIntegrationBuild=true

# What each package must hold: its assembly, its XML docs, the README, and the dependencies that carry
# the native assets a consumer needs.
check_library() {
    local id="$1"; shift
    local nupkg="$out/$id.$version.nupkg"
    [[ -f "$nupkg" ]] || fail "$nupkg was not produced"
    [[ -f "$out/$id.$version.snupkg" ]] || fail "$id has no symbols package (.snupkg)"
    local listing; listing="$(unzip -Z1 "$nupkg")"
    for entry in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml" "README.md"; do
        grep -qx "$entry" <<<"$listing" || fail "$id.$version.nupkg lacks $entry"
    done
    local nuspec; nuspec="$(unzip -p "$nupkg" "$id.nuspec")"
    grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || fail "$id has no licence expression"
    grep -q '<repository type="git"' <<<"$nuspec" || fail "$id has no repository metadata"
    for dependency in "$@"; do
        grep -q "<dependency id=\"$dependency\"" <<<"$nuspec" || fail "$id does not depend on $dependency"
    done
    step "$id: assembly, XML docs, README, symbols and dependencies ($*) present"
}
check_library MultimodalSearch Microsoft.Extensions.AI.Abstractions Microsoft.Extensions.VectorData.Abstractions System.Numerics.Tensors
check_library MultimodalSearch.Blip2 MultimodalSearch Microsoft.ML.OnnxRuntime SkiaSharp SkiaSharp.NativeAssets.Linux.NoDependencies
check_library MultimodalSearch.Postgres MultimodalSearch Npgsql Pgvector
check_library MultimodalSearch.Gemini MultimodalSearch Microsoft.Extensions.AI Google.Apis.Auth Polly.Core
check_library MultimodalSearch.Evaluation MultimodalSearch

tool="$out/FashionSearch.Tool.$version.nupkg"
[[ -f "$tool" ]] || fail "the tool package was not produced"
tool_listing="$(unzip -Z1 "$tool")"
for entry in models/blip2-fashion-demo/vision.onnx models/blip2-fashion-demo/text.onnx models/blip2-fashion-demo/vocab.txt \
             models/blip2-fashion-demo/catalog/styles.csv runtimes/linux-x64/native/libonnxruntime.so runtimes/linux-x64/native/libSkiaSharp.so; do
    grep -q "/$entry\$" <<<"$tool_listing" || fail "the tool package lacks $entry"
done
step "FashionSearch.Tool: demo model, catalog and linux-x64 native libraries present"

# The consumer restores our packages from the folder; drop any earlier copy of this version from the
# global cache so that what is tested is what was just packed.
packages_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
rm -rf "$packages_cache"/multimodalsearch "$packages_cache"/multimodalsearch.* "$packages_cache"/fashionsearch.tool

step "building a consumer outside the solution against the packages"
cp -r tools/package/consumer "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$out" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
# An empty Directory.Build.props keeps anything above the temp folder out of the consumer's build.
echo '<Project />' > "$work/consumer/Directory.Build.props"
echo '<Project />' > "$work/consumer/Directory.Packages.props"
dotnet build "$work/consumer/Consumer.csproj" -c Release -p:MultimodalSearchVersion="$version" -o "$work/consumer/bin"
grep -q "MultimodalSearch.Blip2.dll" <(ls "$work/consumer/bin") || fail "the consumer's output lacks MultimodalSearch.Blip2.dll"
[[ -f "$work/consumer/bin/runtimes/linux-x64/native/libonnxruntime.so" ]] || fail "ONNX Runtime's native library did not reach the consumer"
[[ -f "$work/consumer/bin/runtimes/linux-x64/native/libSkiaSharp.so" ]] || fail "SkiaSharp's native library did not reach the consumer"
dotnet "$work/consumer/bin/Consumer.dll" "$repo/models/blip2-fashion-demo" "$repo/models/blip2-fashion-demo/catalog" "$work/store"

step "installing the fashion-search tool from the folder and running demo"
dotnet tool install FashionSearch.Tool --version "$version" --tool-path "$work/tools" --add-source "$out"
mkdir -p "$work/tool-cwd"
(cd "$work/tool-cwd" && "$work/tools/fashion-search" demo --json > "$work/demo.json")
grep -q '"total":360' "$work/demo.json" || fail "fashion-search demo did not index the 360 demo products: $(head -c 400 "$work/demo.json")"
step "ok: packages, consumer and tool all work"
