"""English plain-language descriptions of the 133 subcategories, by code: what a citizen
choosing a category in English reads, as ``description`` in taxonomy/data.py is for Chinese.

Kept beside the Chinese catalogue rather than inside it so that the translation can be
reviewed as one text. The loader and the data migration read it; a code missing here loads
with an empty English description, and tests/test_translations.py fails on that.
"""

DESCRIPTIONS_EN = {
    "01001": "A manhole cover on a road or public place is gone or stolen, leaving the "
             "hole open",
    "01002": "A manhole cover is cracked, chipped, loose and rattling, or clearly out of "
             "level with the road",
    "01003": "The iron grate of a roadside drain is missing, broken or sunken, catching "
             "wheels and feet",
    "01004": "A sewer or drain is blocked: sewage comes up onto the road or rainwater "
             "cannot drain away",
    "01005": "Water wells up from the ground, or a water pipe or valve leaks or bursts and "
             "floods the road",
    "01006": "A roadside fire hydrant is hit, leaking, missing its cap, or buried or fenced "
             "in so it cannot be used",
    "01007": "A street light stays dark or flickers at night, or stays on all day",
    "01008": "A lamp post leans, a lamp has fallen off, or an access door is missing with "
             "wires exposed",
    "01009": "Telecom or cable-TV lines on poles hang down, have fallen or are tangled",
    "02001": "Traffic lights are dark, show wrong colours, keep flashing, the countdown "
             "fails or the pole leans",
    "02002": "A traffic sign is missing, leaning, damaged or hidden so it cannot be read",
    "02003": "Zebra crossings, lane lines, stop lines or other road markings are worn, "
             "faint or missing",
    "02004": "A road barrier or pavement railing has been knocked down, broken or is "
             "missing",
    "02005": "The carriageway has potholes, cracks, sunken or raised patches that make "
             "driving bumpy",
    "02006": "Paving slabs are loose, missing or lifted, or the pavement has sunk: easy "
             "to trip over",
    "02007": "Tactile paving for blind people is broken, missing, blocked by objects or "
             "interrupted",
    "02008": "A bus shelter's roof, seats, stop sign or light box is damaged, or its glass "
             "is broken",
    "03001": "A street litter bin is broken, missing its lid, knocked over or taken away",
    "03002": "Rubbish bins are full and not emptied in time, with rubbish spilling out",
    "03003": "A waste-sorting point is dirty, waste is mixed up, or there is foul water or "
             "a smell",
    "03004": "Around a waste transfer station foul water runs, rubbish spills out or the "
             "smell bothers residents",
    "03005": "A public toilet has dirty floors, blocked toilets, a strong smell, or no "
             "water or paper",
    "03006": "A public toilet's locks, taps, flushes or lights are broken, or it is closed "
             "for no reason",
    "03007": "A septic tank or sewage pit overflows, smells and fouls the ground, or its "
             "cover is broken",
    "04001": "A tree has fallen or leans badly after a typhoon, rainstorm or other cause, "
             "over a road, car, house or wires",
    "04002": "A broken branch hangs in a tree and may fall on people or cars at any moment",
    "04003": "A street tree has died or is missing, or a tree pit has stayed empty for a "
             "long time",
    "04004": "Branches hide street lights, traffic lights or signs, or hang so low they "
             "block the way",
    "04005": "Trees or hedges are covered in pests or webs, or their leaves turn yellow "
             "over a large area",
    "04006": "Rubbish or clutter lies in a green strip or park lawn, or weeds have grown "
             "wild",
    "04007": "Someone grows vegetables, piles things or parks on public green space, or "
             "cuts or damages trees",
    "04008": "Benches, fitness equipment, play equipment or paths in a park or square are "
             "damaged",
    "05001": "Piles of household rubbish or waste lie uncollected by a road, on open land "
             "or by a river",
    "05002": "Household rubbish, construction spoil or renovation waste has built up and "
             "not been taken away",
    "05003": "Roads or pavements show clear rubbish, mud and sand, oil or dirty water",
    "05004": "Vehicles have spilled earth, gravel, rubbish, dirty water or oil on the road",
    "05005": "Sheds, walls, awnings or other structures put up without permission by a "
             "road, on open land or on a roof",
    "05006": "Clothes or bedding dried, or other things hung, on street railings, trees or "
             "poles",
    "05007": "Clutter, scrap or building materials piled on roads, pavements, open land or "
             "other public places",
    "05008": "Rubbish, dead fish, water hyacinth or other debris floating on a river, "
             "canal or pond",
    "06001": "Small adverts stuck, sprayed or carved on walls, poles or the ground",
    "06002": "Scribbling, graffiti or carvings on walls, bridge piers or public facilities",
    "06003": "Outdoor billboards, rooftop or wall adverts put up without approval",
    "06004": "A shop sign or billboard is damaged, loose or leaning and may fall",
    "06005": "An advertising light box, neon sign or screen has missing letters, is dark "
             "or shows a broken picture",
    "06006": "Banners, flags or cloth hung on roads, footbridges, trees or poles without "
             "permission",
    "06007": "A shop has put standing adverts, roll-up banners or floor light boxes on the "
             "pavement",
    "07001": "A building site makes loud noise or glaring light at night, or shaking that "
             "disturbs residents' rest",
    "07002": "A building site leaves bare soil uncovered or lets vehicles carry mud onto "
             "the road: heavy dust",
    "07003": "A building site's hoarding has fallen, is broken, missing or leaning: a "
             "safety hazard",
    "07004": "Roadworks occupying or digging up a road without a permit, or beyond the "
             "permitted area or time",
    "07005": "A road dug up and not filled in for a long time, or the filled trench is "
             "uneven or sinking",
    "07006": "Spoil trucks uncovered, overloaded or carrying mud onto roads, or spoil "
             "dumped by a road or on open land",
    "07007": "Building work started without planning or construction permits",
    "07008": "A house built, added to or extended without planning permission, or extra "
             "storeys added",
    "08001": "Stalls set up for business on roads, pavements, footbridges or squares",
    "08002": "A shop puts goods, tables or chairs out on the pavement to trade or work",
    "08003": "Unlicensed hawkers selling from carts, shoulder poles or tricycles along the "
             "street",
    "08004": "Open-air barbecues on the street, on a square or outside a shop: heavy smoke "
             "and dirt",
    "08005": "Cars parked on the pavement, at a junction, on a zebra crossing, at a bus "
             "stop or where parking is banned",
    "08006": "Shared bikes or e-bikes parked anyhow, blocking pavements, tactile paving or "
             "entrances",
    "08007": "Old vehicles left for a long time by the road or in public spaces, dusty, "
             "damaged and unclaimed",
    "08008": "Private parking locks, posts or stone blocks put on roads, pavements or "
             "public parking spaces",
    "09001": "Roads, tunnels or low-lying places badly flooded after a rainstorm or typhoon, "
             "making passage unsafe",
    "09002": "A road or pavement suddenly sinks or opens a hole that may keep growing",
    "09003": "A strong smell of gas, or a gas pipe, valve or cylinder leaking",
    "09004": "A building, vehicle, rubbish heap, green space or hillside on fire or "
             "giving off thick smoke",
    "09005": "A power pole has fallen, or a power line has broken off or is sparking: "
             "danger of electric shock",
    "09006": "Hazardous chemicals leaking from a tanker or warehouse, with a sharp smell "
             "or fumes",
    "09007": "A house, wall or retaining wall has collapsed, or is cracked or leaning and "
             "may collapse",
    "09008": "Electric cables with bare wires, or open doors on power boxes or lamp posts: "
             "a shock hazard in rain and floods",
    "10001": "A conflict between neighbours over leaks, noise, space, pets, access or "
             "similar",
    "10002": "A conflict between family members, or a dispute over supporting parents or "
             "children",
    "10003": "A dispute between workers and an employer over unpaid wages, dismissal pay or "
             "injury benefits",
    "10004": "A conflict between home owners and the property management company over "
             "fees, service or shared income",
    "10005": "A dispute between a patient or family and a hospital or clinic over "
             "treatment, costs or malpractice",
    "10006": "A conflict over land compensation, house expropriation and demolition, or "
             "resettlement",
    "10007": "A dispute with a business over shopping, meals, prepaid cards, renovation or "
             "other purchases",
    "10008": "A conflict between landlord and tenant over deposit, rent, repairs or moving "
             "out",
    "11001": "People behaving suspiciously, or an unattended suspicious parcel or object",
    "11002": "Leads about places or activities of suspected prostitution or gambling",
    "11003": "Leads about suspected drug use, dealing or production, people or places",
    "11004": "Leads about people gathered for pyramid selling under the name of jobs, "
             "start-ups or investment",
    "11005": "A resident who seems to be being defrauded right now, or leads about "
             "telephone or online fraud",
    "11006": "Tenants not registered, overcrowded rentals, or a risk of crime in rented "
             "housing",
    "11007": "A person with a severe mental disorder is unstable and may hurt others, "
             "damage things or self-harm",
    "11008": "A public security camera is broken, turned away or covered",
    "12001": "Factories or warehouses working against the rules or with unguarded "
             "machinery: workplace safety hazards",
    "12002": "Flammable, explosive or toxic chemicals stored in homes, shops or rented "
             "rooms against the rules",
    "12003": "Safety hazards with scaffolding, tower cranes, pits or edge protection on a "
             "building site",
    "12004": "Lifts, boilers, pressure vessels or amusement rides working abnormally or "
             "overdue for inspection",
    "12005": "Restaurants or rented rooms using or storing gas cylinders against the rules, "
             "or using substandard cylinders",
    "12006": "Wall tiles, air-conditioner units, balcony flower pots or similar may fall "
             "from a building",
    "12007": "An old house shows cracked walls, bent beams or columns, or sinking "
             "foundations",
    "12008": "Cracks, landslides, collapses or falling rocks on a hillside or slope",
    "13001": "Vehicles, clutter or posts occupying or blocking the fire-engine lane of an "
             "estate or street",
    "13002": "Emergency exits or escape stairs of a shopping centre, factory or venue "
             "locked or blocked",
    "13003": "Fire extinguishers expired or missing, hose boxes without hoses, emergency "
             "lights or exit signs broken",
    "13004": "E-bikes parked or charged in corridors or lobbies, or charged on wires run "
             "out of windows",
    "13005": "Clutter, boxes or old furniture piled in the stairwells and corridors of "
             "residential buildings",
    "13006": "Wires run and connected anyhow, welding or cutting against the rules, or "
             "open flames near flammable things",
    "13007": "Many fire hazards in small shops, eateries, hostels or workshops",
    "13008": "People living in the same premises as production, business or storage, "
             "against the rules",
    "14001": "Food or catering business run without a food licence or business licence",
    "14002": "Shops, supermarkets or markets selling expired, spoiled or unlabelled food",
    "14003": "A restaurant kitchen is dirty, has rats or cockroaches, or staff have no "
             "health certificate",
    "14004": "A small unlicensed workshop making or processing food in a residential "
             "building or rented room",
    "14005": "Several people vomiting, with diarrhoea or stomach pain after eating: "
             "suspected poisoning",
    "14006": "Medicines sold without a licence, prescription drugs sold without "
             "prescription, or fake or expired drugs",
    "14007": "Health supplements sold to older people through talks, free check-ups or "
             "gifts",
    "15001": "Noise from machines or sound systems of factories, shops or entertainment "
             "venues disturbing residents' rest",
    "15002": "Loud parties at night, square dancing, street singing, renovation or other "
             "everyday noise",
    "15003": "Factories, car repair shops or workshops giving off black smoke, dust or "
             "pungent fumes",
    "15004": "Cooking fumes from a restaurant or canteen let out without filtering, "
             "reaching nearby homes",
    "15005": "Rubbish, leaves, cables or scrap burnt in the open on waste land or by a "
             "road",
    "15006": "Factories, shops or estates letting sewage into canals, storm drains or onto "
             "the road",
    "15007": "Industrial or hazardous waste dumped secretly on waste land, by a river or "
             "in woods",
    "15008": "Farmland, forest or collective land used without approval for building, "
             "digging or piling things",
    "16001": "Water suddenly cut off at home or in an area, or not back long after a "
             "planned cut",
    "16002": "Power suddenly or often cut at home or in an area, or not back for a long "
             "time",
    "16003": "Piped gas suddenly cut off, pressure too low, or not back for a long time",
    "16004": "Tap water yellow, cloudy or smelly, or pressure too low, upper floors without "
             "water",
    "16005": "People on minimum living allowance, in extreme poverty, disabled or otherwise "
             "in hardship need help",
    "16006": "Very old people living alone or with children far away have no one to look "
             "after them, or have not been seen for days",
    "16007": "Homeless people or beggars on the street need help, a doctor or a way home",
    "16008": "Residents' opinions and suggestions on community governance, public services "
             "or how policies are carried out",
    "17001": "Mosquito larvae breeding in standing water in flower-pot trays, old tyres or "
             "unused containers",
    "17002": "Clusters of fever, diarrhoea or other infectious illness, or a suspected "
             "outbreak",
    "17003": "Many rats, cockroaches or flies in an estate, market or public area",
    "17004": "Clinics or pharmacies throwing away needles, drip bottles, bloody gauze or "
             "other medical waste",
    "17005": "Live poultry sold or slaughtered outside markets or in banned areas",
    "17006": "Unqualified people running unlicensed clinics or dental practices, or "
             "practising on the street or at markets",
    "17007": "Rooftop tanks or underground reservoirs not cleaned and disinfected, "
             "polluted, or without covers or locks",
}
