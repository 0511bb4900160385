"""Builds the tiny BERT fixture and its reference outputs (run with Debian's /usr/bin/python3 + python3-torch).

    /usr/bin/python3 make_reference.py

Writes expected.json (F32 weights) and expected-f16.json (the same weights rounded to F16), and the text files
of f16/. The weights are not committed: they come from a portable generator (SplitMix64, below) that
tests/MovieRec.Engine.Tests/Text/Bert/TinyBert.cs replays to write model.safetensors in both folders at test time;
this script writes the same files too (git-ignored), for a check by hand. The tokenizer below is a direct port of google-research/bert tokenization.py
(BasicTokenizer + WordpieceTokenizer); the forward pass is Hugging Face BertModel written in plain
torch (float64) followed by sentence-transformers mean pooling and L2 normalization.
"""
import json, math, os, shutil, struct, unicodedata
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SENTENCES = [
    "The movie was great!",
    "Un film naïve et CAFÉ résumé, Ångström.",
    "Star Wars: the unbelievable space-war story, 1977 ($11m) -- isn't it?",
    "中国电影 is wonderful",
    "xyzzyplugh stra\u00dfe \U0001F600 the end",
    "a" * 101 + " film " + "b" * 100,
    "playing funnier unbelievably loved",
    "",
    "  \t\n  ",
    "the good, the bad and the funny story of a space war movie that never ends and goes on and on and on until it is cut",
]

# ---- tokenizer: port of google-research/bert tokenization.py ----
def is_whitespace(c):
    return c in " \t\n\r" or unicodedata.category(c) == "Zs"

def is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c).startswith("C")

def is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")

def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)

def basic_tokenize(text):
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or is_control(c):
            continue
        if is_whitespace(c):
            out.append(" ")
        elif is_cjk(cp):
            out.append(" " + c + " ")
        else:
            out.append(c)
    tokens = []
    for tok in "".join(out).split():
        tok = tok.lower()
        tok = "".join(c for c in unicodedata.normalize("NFD", tok) if unicodedata.category(c) != "Mn")
        cur = ""
        for c in tok:
            if is_punctuation(c):
                if cur:
                    tokens.append(cur)
                    cur = ""
                tokens.append(c)
            else:
                cur += c
        if cur:
            tokens.append(cur)
    return tokens

def wordpiece(word, vocab):
    if len(word) > 100:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):
        end, cur = len(word), None
        while start < end:
            sub = word[start:end]
            if start > 0:
                sub = "##" + sub
            if sub in vocab:
                cur = sub
                break
            end -= 1
        if cur is None:
            return ["[UNK]"]
        pieces.append(cur)
        start = end
    return pieces

def encode(text, vocab, max_len):
    pieces = [p for w in basic_tokenize(text) for p in wordpiece(w, vocab)][: max_len - 2]
    return [vocab["[CLS]"]] + [vocab[p] for p in pieces] + [vocab["[SEP]"]]

# ---- weights ----
class SplitMix64:
    """Portable uniform draws; TinyBert.cs has the same generator, so the tests rebuild these exact weights."""
    MASK = (1 << 64) - 1
    def __init__(self, seed):
        self.state = seed & self.MASK
    def next_uniform(self):  # in [0, 1), 24 bits
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        z ^= z >> 31
        return (z >> 40) / float(1 << 24)

def make_weights(cfg, gen):
    H, I, V, P, T = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"], cfg["max_position_embeddings"], cfg["type_vocab_size"]
    def r(*shape, std=0.2):
        # uniform with standard deviation std, computed in float64, then rounded to float32
        n = math.prod(shape)
        vals = [(gen.next_uniform() * 2 - 1) * math.sqrt(3) * std for _ in range(n)]
        return torch.tensor(vals, dtype=torch.float64).to(torch.float32).reshape(*shape)
    w = {
        "embeddings.word_embeddings.weight": r(V, H, std=1.0),
        "embeddings.position_embeddings.weight": r(P, H, std=0.5),
        "embeddings.token_type_embeddings.weight": r(T, H, std=0.5),
        "embeddings.LayerNorm.weight": 1 + r(H, std=0.1),
        "embeddings.LayerNorm.bias": r(H, std=0.1),
    }
    for l in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{l}."
        for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]:
            w[p + name + ".weight"] = r(H, H)
            w[p + name + ".bias"] = r(H, std=0.1)
        w[p + "attention.output.LayerNorm.weight"] = 1 + r(H, std=0.1)
        w[p + "attention.output.LayerNorm.bias"] = r(H, std=0.1)
        w[p + "intermediate.dense.weight"] = r(I, H)
        w[p + "intermediate.dense.bias"] = r(I, std=0.1)
        w[p + "output.dense.weight"] = r(H, I, std=0.15)
        w[p + "output.dense.bias"] = r(H, std=0.1)
        w[p + "output.LayerNorm.weight"] = 1 + r(H, std=0.1)
        w[p + "output.LayerNorm.bias"] = r(H, std=0.1)
    w["pooler.dense.weight"] = r(H, H)  # present in real checkpoints, unused by sentence-transformers
    w["pooler.dense.bias"] = r(H)
    return w

def write_safetensors(path, tensors, dtype):
    torch_dtype, name = {"F32": (torch.float32, "F32"), "F16": (torch.float16, "F16")}[dtype]
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for key in sorted(tensors):
        data = tensors[key].to(torch_dtype).contiguous().numpy().tobytes()
        header[key] = {"dtype": name, "shape": list(tensors[key].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for b in blobs:
            f.write(b)

# ---- reference forward pass (HF BertModel, float64) ----
def layer_norm(x, g, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * g + b

def forward(ids, w, cfg):
    H, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    d, eps = H // heads, cfg["layer_norm_eps"]
    W = {k: v.double() for k, v in w.items()}
    n = len(ids)
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:n] + W["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    lin = lambda t, name: t @ W[name + ".weight"].T + W[name + ".bias"]
    for l in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{l}."
        q = lin(x, p + "attention.self.query").view(n, heads, d).transpose(0, 1)
        k = lin(x, p + "attention.self.key").view(n, heads, d).transpose(0, 1)
        v = lin(x, p + "attention.self.value").view(n, heads, d).transpose(0, 1)
        att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)
        ctx = (att @ v).transpose(0, 1).reshape(n, H)
        x = layer_norm(lin(ctx, p + "attention.output.dense") + x, W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"], eps)
        inter = lin(x, p + "intermediate.dense")
        inter = 0.5 * inter * (1 + torch.erf(inter / math.sqrt(2)))
        x = layer_norm(lin(inter, p + "output.dense") + x, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
    pooled = x.mean(0)
    pooled = pooled / max(pooled.norm().item(), 1e-12)
    return x, pooled

def reference(folder, weights, cfg, vocab, max_len, out_name):
    out = []
    for s in SENTENCES:
        ids = encode(s, vocab, max_len)
        tokens, pooled = forward(ids, weights, cfg)
        out.append({"text": s, "ids": ids, "token_embeddings": [[round(v, 7) for v in row] for row in tokens.tolist()],
                    "pooled": [round(v, 7) for v in pooled.tolist()]})
    with open(os.path.join(HERE, out_name), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))

def main():
    cfg = json.load(open(os.path.join(HERE, "config.json")))
    vocab_list = open(os.path.join(HERE, "vocab.txt"), encoding="utf-8").read().split("\n")
    if vocab_list[-1] == "":
        vocab_list.pop()
    assert len(vocab_list) == cfg["vocab_size"], (len(vocab_list), cfg["vocab_size"])
    vocab = {}
    for i, t in enumerate(vocab_list):
        vocab.setdefault(t, i)
    max_len = json.load(open(os.path.join(HERE, "sentence_bert_config.json")))["max_seq_length"]

    gen = SplitMix64(1234)
    weights = make_weights(cfg, gen)
    write_safetensors(os.path.join(HERE, "model.safetensors"), weights, "F32")
    reference(HERE, {k: v.float() for k, v in weights.items()}, cfg, vocab, max_len, "expected.json")

    f16 = os.path.join(HERE, "f16")
    os.makedirs(os.path.join(f16, "1_Pooling"), exist_ok=True)
    for name in ["config.json", "vocab.txt", "sentence_bert_config.json", "tokenizer_config.json", "modules.json", "1_Pooling/config.json"]:
        shutil.copy(os.path.join(HERE, name), os.path.join(f16, name))
    write_safetensors(os.path.join(f16, "model.safetensors"), weights, "F16")
    reference(HERE, {k: v.half().float() for k, v in weights.items()}, cfg, vocab, max_len, "expected-f16.json")

if __name__ == "__main__":
    main()
