packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

!packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

:packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

,packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

(packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

,packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

)packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

,packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

,packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

`packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

`packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

(packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

`packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

`packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

)packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

zpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

:packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

[packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

]packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

(packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

:packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

)packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

(packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

0packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

)packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

[packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

[packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

{packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

1packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

:packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

}packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

!packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

]packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

]packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

;packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

>packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

1packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

>packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

zpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

>packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

_packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

>packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

:packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

(packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

)packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

,packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

^packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

_packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

_packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

\packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

^packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

\packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

>packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

qpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

^packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

_packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

qpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

^packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

'packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

(packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

_packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

*packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

1packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

)packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

zpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

>packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

;packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

(packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

)packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

xpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

xpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

Spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

=packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

,packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

xpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

xpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

;packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

wpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

#packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

gpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

hpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

xpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

npackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

zpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

lpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

bpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ypackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

/packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

dpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

kpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

opackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

apackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

.packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

spackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

vpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

cpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

|packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

upackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

epackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

-packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

rpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

 packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

$packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

tpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

mpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ppackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

"packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

fpackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

ipackaging/package-config.sh config/radkota.toml >"$out/radkota.toml"


packaging/package-config.sh config/radkota.toml >"$out/radkota.toml"

