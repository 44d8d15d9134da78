#!/usr/bin/env python3
"""check-layout.py - the layout rules of issue 14, checked over src/ (read-only):
no two files that import each other (directly or around a circle), no file over 600
lines, no function over 100 lines outside tests and demo, and nothing outside src/store
that names rusqlite. Prints each violation; exits 1 if there is any.

Usage: scripts/check-layout.py [SRC_DIR]   (default: src next to this script)
The import graph is read from `use crate::...`, `use super::...` and inline `crate::` /
`super::` paths, each resolved to the file that defines the item, so it is an
approximation: method calls (`self.x()`) are not imports and are not seen.
"""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
FILE_MAX, FN_MAX = 600, 100
problems = []


def rust_files(root):
    for dp, _, fs in os.walk(root):
        for f in sorted(fs):
            if f.endswith(".rs"):
                yield os.path.join(dp, f)


def long_functions(path):
    """(line, name, length) of functions over FN_MAX lines, up to the file's tests."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if re.match(r"\s*#\[cfg\(test\)\]", lines[i]):
            return
        m = re.match(r"\s*(pub(\([^)]*\))?\s+)?(async\s+)?(const\s+)?(unsafe\s+)?fn\s+(\w+)", lines[i])
        if not m:
            i += 1
            continue
        depth, started, j = 0, False, i
        while j < len(lines):
            s = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j])
            s = re.sub(r"'(\\.|[^'\\])'", "''", s).split("//")[0]
            if ";" in s and not started and "{" not in s:
                break
            for ch in s:
                if ch == "{":
                    depth, started = depth + 1, True
                elif ch == "}":
                    depth -= 1
            if started and depth == 0:
                break
            j += 1
        if started and j - i + 1 > FN_MAX:
            yield i + 1, m.group(6), j - i + 1
        i = j + 1 if started else i + 1


def module_of(path):
    rel = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    if rel in (["lib"], ["main"]):
        rel = []
    return tuple(rel)


def import_cycles():
    files = {module_of(p): p for p in rust_files(ROOT)}
    # definitions per file
    defs={}
    for m,p in files.items():
      src=open(p, encoding='utf-8').read()
      defs[m]=set(re.findall(r'^\s*pub(?:\([^)]*\))?\s+(?:async\s+)?(?:struct|enum|fn|trait|type|const|static|mod)\s+(\w+)',src,re.M))
    def resolve(mod,parts):
      # longest module prefix that is a file
      for i in range(len(parts),-1,-1):
        t=tuple(parts[:i])
        if t in files:
          rest=parts[i:]
          if rest:
            name=rest[0]
            if name not in defs[t]:
              # re-export: search children
              for m2 in files:
                if m2[:len(t)]==t and len(m2)>len(t) and name in defs[m2]:
                  return m2
          return t
      return None
    edges={m:set() for m in files}
    for m,p in files.items():
      src=open(p, encoding='utf-8').read()
      src=src.split('#[cfg(test)]')[0]
      lines=[l for l in src.split('\n') if not re.match(r'\s*(//|pub(\([^)]*\))?\s+use\s|pub(\([^)]*\))?\s+mod\s|mod\s)',l) or re.match(r'\s*use\s',l)]
      text='\n'.join(lines)
      # expand use groups roughly
      for um in re.finditer(r'\buse\s+([^;]+);',text,re.S):
        u=re.sub(r'\s+','',um.group(1))
        def expand(prefix,s):
          out=[]
          if '{' in s:
            i=s.index('{'); head=s[:i]; body=s[i+1:s.rindex('}')]
            depth=0; cur=''; items=[]
            for ch in body:
              if ch=='{': depth+=1
              if ch=='}': depth-=1
              if ch==',' and depth==0: items.append(cur); cur=''
              else: cur+=ch
            if cur: items.append(cur)
            for it in items: out+=expand(prefix+head,it)
          else: out.append(prefix+s)
          return out
        for path in expand('',u):
          parts=path.split('::')
          if parts[0]=='crate': base=[]; parts=parts[1:]
          elif parts[0]=='super':
            # `super` of a::b (b.rs) and of a (a/mod.rs) alike: drop the last segment.
            base=list(m[:-1]); parts=parts[1:]
            while parts and parts[0]=='super': base=base[:-1]; parts=parts[1:]
          elif parts[0]=='self': base=list(m); parts=parts[1:]
          else: continue
          t=resolve(m,base+[x for x in parts if x not in ('self','*')])
          if t is not None and t!=m: edges[m].add(t)
      for im in re.finditer(r'\b((?:crate|super)(?:::\w+)+)',text):
        parts=im.group(1).split('::')
        if parts[0]=='crate': base=[]; parts=parts[1:]
        else:
          base=list(m[:-1]); parts=parts[1:]
          while parts and parts[0]=='super': base=base[:-1]; parts=parts[1:]
        t=resolve(m,base+parts)
        if t is not None and t!=m: edges[m].add(t)

    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted("/".join(x) or "lib" for x in comp))

    for v in files:
        if v not in index:
            visit(v)
    return found


for path in rust_files(ROOT):
    rel = os.path.relpath(path, ROOT)
    text = open(path, encoding="utf-8").read()
    n = text.count("\n")
    if n > FILE_MAX:
        problems.append(f"{rel}: {n} lines (at most {FILE_MAX})")
    if not rel.startswith("demo" + os.sep):
        for line, name, length in long_functions(path):
            problems.append(f"{rel}:{line}: fn {name} is {length} lines (at most {FN_MAX})")
    if not rel.startswith("store" + os.sep) and "rusqlite" in text:
        problems.append(f"{rel}: names rusqlite (only src/store may)")
for comp in import_cycles():
    problems.append("import circle: " + " <-> ".join(comp))
for p in problems:
    print(p)
print(f"{len(problems)} layout problem(s)" if problems else "layout ok")
sys.exit(1 if problems else 0)
