#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/seeds/TARGET: the 48 real
exchanges of ../shared/corpus (or tests/data/corpus), the shipped dictionaries and config,
and the README's CSV layouts. Seeds are the starting point; fuzz/corpus/TARGET holds the
minimised corpus that the fuzzer grew from them and that tests/fuzz_corpus.rs replays."""
import hashlib, json, os, pathlib, sys

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "fuzz" / "seeds"

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

corpus = root.parent / "shared" / "corpus" / "packets.jsonl"
if not corpus.exists():
    corpus = root / "tests" / "data" / "corpus" / "packets.jsonl"
for line in corpus.read_text().splitlines():
    if not line.strip():
        continue
    ex = json.loads(line)
    target = "auth_packet" if ex["port"] == "auth" else "acct_packet"
    put(target, bytes.fromhex(ex["request_hex"]))
    if ex.get("response_hex"):
        put(target, bytes.fromhex(ex["response_hex"]))

for f in sorted((root / "dictionaries").iterdir()):
    put("dictionary", f.read_bytes())
put("dictionary", "$INCLUDE dictionary.rfc2865\nVENDOR Kota 99999\nBEGIN-VENDOR Kota\n"
    "ATTRIBUTE Kota-Plan 1 string\nATTRIBUTE Kota-Level 2 integer\nVALUE Kota-Level Low 1\n"
    "END-VENDOR Kota\n")

put("config", (root / "config" / "radkota.toml").read_bytes())
put("config", '[server]\nauth_listen = ["127.0.0.1:1812"]\n[database]\nurl = "sqlite://x.db"\n')

users = "username,full_name,plan,area,password,school_or_business,id\n"
put("import_users", users + "siti,Siti Aminah,student,3273-01-001-01,rahasia123,SMP 1,S-1\n"
    "budi,Budi,umkm,3273-01-001-01,,Warung Budi,\n\"a,b\",\"Q \"\"x\"\"\",student,x,p,,\n")
put("import_users", "\ufeffusername,full_name,plan,area\r\nani,Ani,pelajar,3273-01-001-01\r\n")
nas = "name,address,secret,rw,vendor,require_message_authenticator,coa_port\n"
put("import_nas", nas + "rw07-hotspot,10.7.0.1,s3cret-07,3273-01-001-07,mikrotik,auto,3799\n"
    "rw08,10.8.0.0/24,s,RW8,wispr,yes,\nrw09,2001:db8::1,x,RW9,chillispot,no,0\n")
put("import_nas", "name,address,secret,rw\nrw01-hotspot,10.7.0.1,a,b\n")
areas = "kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name\n"
put("import_areas", areas + "KA,Kecamatan A,KA-L1,Kelurahan A,KA-L1-01,RW 01\n"
    "KA,Kecamatan A,KA-L1,Kelurahan A,KA-L1-02,RW 02\nKB,Kecamatan B,KB-L1,Kelurahan B,KB-L1-01,\n")
put("import_areas", areas + "KA,A,KB,B,KA,loop\n")

for pick, body in [
    (0, {"username": "siti", "plan": "student", "password": "rahasia123", "area": None,
         "full_name": "Siti", "school_or_business": "SMP 1", "id": "S-1"}),
    (0, {"username": "budi", "plan": "nope", "password": ""}),
    (1, {"status": "disabled"}),
    (1, {"password": "baru-123", "status": "active"}),
    (2, {"name": "rw07-hotspot", "address": "10.7.0.1", "secret": "s3cret", "rw": None,
         "vendor": "mikrotik", "require_message_authenticator": "auto", "coa_port": 3799}),
    (2, {"name": "rw08", "address": "10.8.0.0/24", "secret": "x", "coa_port": 70000}),
]:
    put("admin_json", bytes([pick]) + json.dumps(body).encode())
print("seeds in", out, file=sys.stderr)
