"""The query-vector cache: the same text is embedded once, the cache stays bounded, and a cached
vector equals a fresh one (real e5 model)."""

from index.embeddings import E5SmallEmbeddings, QueryCache


def test_query_cache_is_bounded_and_reuses_vectors() -> None:
    calls: list[str] = []

    def embed(text: str) -> list[float]:
        calls.append(text)
        return [float(len(text))]

    cache = QueryCache(size=2)
    assert cache.get("三公经费", embed) == [4.0]
    assert cache.get("三公经费", embed) == [4.0]
    assert calls == ["三公经费"]
    cache.get("基本支出多少", embed)
    cache.get("项目支出", embed)  # evicts the least recently used (三公经费)
    cache.get("三公经费", embed)
    assert calls == ["三公经费", "基本支出多少", "项目支出", "三公经费"]
    assert len(cache._vectors) == 2


def test_cached_e5_query_equals_a_fresh_embedding() -> None:
    cached = E5SmallEmbeddings()
    first = cached.embed_query("全市政务数据治理项目多少钱")
    again = cached.embed_query("全市政务数据治理项目多少钱")
    fresh = E5SmallEmbeddings().embed_query("全市政务数据治理项目多少钱")
    assert first == again == fresh
    again[0] += 1.0  # callers get their own list: mutating it does not change the cache
    assert cached.embed_query("全市政务数据治理项目多少钱") == first
