import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls and agencies in English and Japanese (issues 14 and 16). A call records its authoritative
 * language and the languages whose version must exist before it may be announced or opened; its
 * `title` and `description` stay the authoritative version, which every older reader keeps reading.
 * An existing call keeps its text as the version of its language: Japanese when its title is
 * written in Japanese script, English otherwise, and that language is its authoritative one.
 */
export class BilingualTexts1764820000000 implements MigrationInterface {
  name = 'BilingualTexts1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calls
        ADD COLUMN title_en varchar(300),
        ADD COLUMN title_ja varchar(300),
        ADD COLUMN description_en text,
        ADD COLUMN description_ja text,
        ADD COLUMN authoritative_language varchar(2) NOT NULL DEFAULT 'en',
        ADD COLUMN required_languages text array NOT NULL DEFAULT '{}',
        ADD CONSTRAINT calls_authoritative_language_check CHECK (authoritative_language IN ('en', 'ja'))`);
    await q.query(
      `UPDATE calls SET authoritative_language = CASE WHEN title ~ '[ぁ-んァ-ヶ一-龯]' THEN 'ja' ELSE 'en' END`,
    );
    await q.query(`
      UPDATE calls SET title_en = CASE WHEN authoritative_language = 'en' THEN title END,
                       title_ja = CASE WHEN authoritative_language = 'ja' THEN title END,
                       description_en = CASE WHEN authoritative_language = 'en' THEN NULLIF(description, '') END,
                       description_ja = CASE WHEN authoritative_language = 'ja' THEN NULLIF(description, '') END,
                       required_languages = ARRAY[authoritative_language]::text[]`);
    await q.query(`ALTER TABLE agencies ADD COLUMN name_ja varchar(200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies DROP COLUMN name_ja`);
    await q.query(`
      ALTER TABLE calls
        DROP CONSTRAINT calls_authoritative_language_check,
        DROP COLUMN required_languages,
        DROP COLUMN authoritative_language,
        DROP COLUMN description_ja,
        DROP COLUMN description_en,
        DROP COLUMN title_ja,
        DROP COLUMN title_en`);
  }
}
