"""schema.org data for show pages (TVSeries with its TVSeason list)."""


def show_json_ld(*, show, seasons, absolute_url: str, image_url: str = "") -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "TVSeries",
        "name": show.title,
        "url": absolute_url,
        "genre": [genre.name for genre in show.genres.all()],
        "creator": [{"@type": "Person", "name": p.name} for p in show.creators.all()],
        "actor": [{"@type": "Person", "name": c.person.name} for c in show.cast.all()],
        "numberOfSeasons": len(seasons),
        "containsSeason": [
            {
                "@type": "TVSeason",
                "seasonNumber": season.number,
                **(
                    {"numberOfEpisodes": season.episode_count}
                    if season.episode_count
                    else {}
                ),
                **(
                    {"startDate": season.premiere_date.isoformat()}
                    if season.premiere_date
                    else {}
                ),
                **(
                    {"endDate": season.finale_date.isoformat()}
                    if season.finale_date
                    else {}
                ),
            }
            for season in sorted(seasons, key=lambda s: s.number)
        ],
    }
    if show.synopsis:
        data["description"] = show.synopsis
    if image_url:
        data["image"] = image_url
    if show.premiere_date:
        data["startDate"] = show.premiere_date.isoformat()
    if show.network_id:
        data["productionCompany"] = {"@type": "Organization", "name": show.network.name}
    if show.source_title:
        data["isBasedOn"] = {
            "@type": "Book",
            "name": show.source_title,
            **(
                {"author": {"@type": "Person", "name": show.source_author}}
                if show.source_author
                else {}
            ),
            **({"datePublished": str(show.source_year)} if show.source_year else {}),
        }
    return {key: value for key, value in data.items() if value not in ([], None, "")}
