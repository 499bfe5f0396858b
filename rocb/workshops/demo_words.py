"""Words of the demo data set: titles in the newsletter's style from the real topic taxonomy, and people's names
from the languages of each member administration. Pure data and string building (no Flask, no database)."""

# Given names and family names by administration; "family first" where names are written that way.
_POOLS = {
    "south-east-thai": (("Somchai", "Suda", "Niran", "Kanya", "Pichai", "Arunee", "Wichai", "Ratana"),
                        ("Jaidee", "Srisuk", "Wongsa", "Chaiyaporn", "Rattanakul", "Boonmee", "Thongchai"), False),
    "japanese": (("Hiroshi", "Yuki", "Kenji", "Aiko", "Takeshi", "Emi", "Naoko", "Daisuke"),
                 ("Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura"), False),
    "korean": (("Ji-woo", "Min-jun", "Seo-yeon", "Hyun-woo", "Eun-ji", "Sung-ho", "Ha-eun"),
               ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon"), True),
    "chinese": (("Wei", "Na", "Jing", "Hao", "Xiaoming", "Lei", "Yan", "Jun"),
                ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao"), True),
    "hong-kong": (("Ka-ming", "Wing-yan", "Chi-hung", "Mei-ling", "Kwok-wai"),
                  ("Chan", "Wong", "Leung", "Cheung", "Lau", "Ho"), True),
    "indian": (("Priya", "Rahul", "Anita", "Vikram", "Sunita", "Arjun", "Deepa", "Sanjay"),
               ("Sharma", "Singh", "Patel", "Kumar", "Iyer", "Reddy", "Nair", "Gupta"), False),
    "malay": (("Ahmad", "Siti", "Nurul", "Faizal", "Aisyah", "Hafiz", "Zainab"),
              ("Abdullah", "Rahman", "Ismail", "Hassan", "Osman", "Yusof"), False),
    "indonesian": (("Budi", "Siti", "Agus", "Dewi", "Rina", "Hendra", "Wahyu", "Sri"),
                   ("Santoso", "Wijaya", "Hidayat", "Saputra", "Kurniawan", "Pratama"), False),
    "vietnamese": (("Thi Lan", "Van Minh", "Thi Hoa", "Van Tuan", "Thi Huong", "Duc Anh"),
                   ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"), True),
    "filipino": (("Maria", "Jose", "Ana", "Mark", "Grace", "Ramon", "Liza"),
                 ("Santos", "Reyes", "Cruz", "Garcia", "Mendoza", "Bautista", "Aquino"), False),
    "khmer": (("Sokha", "Dara", "Chanthy", "Vuthy", "Sreymom", "Piseth"), ("Sok", "Chan", "Keo", "Heng", "Lim"), True),
    "lao": (("Khamla", "Souksavanh", "Phonxay", "Bounmy", "Chanthala"),
            ("Vongsa", "Phommachanh", "Sisouk", "Keomany", "Inthavong"), False),
    "burmese": (("Aung Kyaw", "Thandar", "Kyaw Zin", "Hnin Wai", "Zaw Min", "Su Mon"),
                ("Win", "Htun", "Oo", "Aung"), False),
    "persian": (("Ali", "Reza", "Maryam", "Zahra", "Hamid", "Parisa", "Mehdi", "Sara"),
                ("Ahmadi", "Hosseini", "Karimi", "Rahimi", "Mohammadi", "Rezaei", "Moradi"), False),
    "dari-pashto": (("Ahmad", "Farida", "Mohammad", "Nasrin", "Hamid", "Zarmina"),
                    ("Wardak", "Popal", "Stanikzai", "Sultani", "Karimi"), False),
    "urdu": (("Imran", "Ayesha", "Bilal", "Fatima", "Usman", "Sana"),
             ("Khan", "Qureshi", "Malik", "Butt", "Chaudhry"), False),
    "bengali": (("Rahim", "Nasrin", "Karim", "Shirin", "Tanvir", "Farhana"),
                ("Hossain", "Rahman", "Islam", "Ahmed", "Chowdhury"), False),
    "nepali": (("Ram", "Sita", "Bikash", "Anju", "Sunil", "Sabina"),
               ("Shrestha", "Thapa", "Gurung", "Adhikari", "Karki"), False),
    "bhutanese": (("Tashi", "Karma", "Pema", "Sonam", "Dechen", "Kinley"),
                  ("Wangchuk", "Dorji", "Tshering", "Lhamo", "Penjor"), False),
    "sinhala": (("Nimal", "Kumari", "Ruwan", "Dilani", "Chaminda", "Sanduni"),
                ("Perera", "Fernando", "Silva", "Jayasuriya", "Bandara"), False),
    "dhivehi": (("Ahmed", "Aishath", "Mohamed", "Mariyam", "Hussain", "Fathimath"),
                ("Ibrahim", "Hassan", "Rasheed", "Naseem", "Shareef"), False),
    "mongolian": (("Bat-Erdene", "Oyunchimeg", "Ganbold", "Sarangerel", "Tuvshin", "Enkhjargal"),
                  ("Batbayar", "Dorjsuren", "Gantulga", "Munkhbat", "Purevdorj"), False),
    "english": (("Sarah", "James", "Emma", "Liam", "Olivia", "Jack", "Chloe", "Daniel"),
                ("Smith", "Brown", "Wilson", "Taylor", "Nguyen", "Williams", "Campbell", "Walker"), False),
    "pacific": (("Sione", "Tevita", "Mele", "Losana", "Viliami", "Seini", "Josaia", "Ana"),
                ("Fifita", "Tuilagi", "Vunibola", "Taufa", "Leota", "Tupou", "Ratu", "Faleolo"), False),
    "melanesian": (("John", "Mary", "Peter", "Grace", "Joseph", "Ruth", "Kila", "Esther"),
                   ("Kila", "Namaliu", "Tari", "Wari", "Bule", "Kalsakau", "Tabimasmas"), False),
    "tetum": (("José", "Maria", "Joaquim", "Filomena", "Domingos"),
              ("da Silva", "Soares", "dos Santos", "Guterres", "Belo"), False),
}
_POOL_OF = {
    "TH": "south-east-thai", "JP": "japanese", "KR": "korean", "CN": "chinese", "MO": "chinese", "HK": "hong-kong",
    "IN": "indian", "MY": "malay", "BN": "malay", "SG": "malay", "ID": "indonesian", "VN": "vietnamese",
    "PH": "filipino", "KH": "khmer", "LA": "lao", "MM": "burmese", "IR": "persian", "AF": "dari-pashto",
    "PK": "urdu", "BD": "bengali", "NP": "nepali", "BT": "bhutanese", "LK": "sinhala", "MV": "dhivehi",
    "MN": "mongolian", "AU": "english", "NZ": "english", "FJ": "pacific", "WS": "pacific", "TO": "pacific",
    "PW": "pacific", "PG": "melanesian", "SB": "melanesian", "VU": "melanesian", "TL": "tetum",
}
# Where a physical workshop hosted by an administration takes place.
CITIES = {
    "AF": "Kabul", "BD": "Dhaka", "BT": "Thimphu", "IN": "New Delhi", "IR": "Tehran", "MV": "Malé", "NP": "Kathmandu",
    "PK": "Islamabad", "LK": "Colombo", "CN": "Shanghai", "HK": "Hong Kong", "MO": "Macao", "MN": "Ulaanbaatar",
    "JP": "Kashiwa", "KR": "Cheonan", "BN": "Bandar Seri Begawan", "KH": "Phnom Penh", "ID": "Jakarta",
    "MY": "Melaka", "MM": "Nay Pyi Taw", "LA": "Vientiane", "PH": "Manila", "SG": "Singapore", "TH": "Bangkok",
    "VN": "Hanoi", "AU": "Canberra", "FJ": "Suva", "NZ": "Wellington", "PG": "Port Moresby", "PW": "Koror",
    "WS": "Apia", "SB": "Honiara", "TL": "Dili", "TO": "Nuku'alofa", "VU": "Port Vila",
}


def person(code: str, rng) -> tuple[str, str, str]:
    """(full name, given, family) of a plausible officer of the administration `code`."""
    given_names, family_names, family_first = _POOLS[_POOL_OF.get(code, "english")]
    given, family = rng.choice(given_names), rng.choice(family_names)
    return (f"{family} {given}" if family_first else f"{given} {family}"), given, family


def title(kind: str, mode: str, topic: str, host_name: str, subregion: str) -> str:
    """A title as the newsletter writes them: "WCO Asia/Pacific Regional Workshop on Post-Clearance Audit"."""
    virtual = "Virtual " if mode == "online" else ""
    return {
        "regional workshop": f"WCO Asia/Pacific Regional {virtual}Workshop on {topic}",
        "sub-regional workshop": f"Sub-Regional {virtual}Workshop on {topic} for {subregion} Members",
        "national workshop": f"National {virtual}Workshop on {topic} for {host_name} Customs",
        "meeting": f"Regional {virtual}Meeting of Experts on {topic}",
        "MTP": f"WCO Master Trainer Programme on {topic}",
        "diagnostic mission": f"Diagnostic Mission on {topic} to {host_name}",
    }.get(kind, f"Regional Workshop on {topic}")
