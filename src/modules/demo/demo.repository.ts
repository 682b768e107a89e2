import type { DataSource } from 'typeorm';

/** The few reads the demo data set makes before it goes through the services. */
export class DemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The demo call of that title, if one was made before. */
  async callIdByTitle(title: string): Promise<string | null> {
    const [existing]: { id: string }[] = await this.dataSource.query(`SELECT id FROM calls WHERE title = $1`, [title]);
    return existing?.id ?? null;
  }

  /** The pool profile of the user of that address at the agency. */
  async reviewerId(agency: string, email: string): Promise<string> {
    const [row]: { id: string }[] = await this.dataSource.query(
      `SELECT r.id FROM reviewers r JOIN agencies a ON a.id = r.agency_id JOIN users u ON u.id = r.user_id WHERE a.code = $1 AND u.email = $2`,
      [agency, email],
    );
    return row.id;
  }

  async currencyOf(agency: string): Promise<string> {
    const [row]: { currency: string }[] = await this.dataSource.query(`SELECT currency FROM agencies WHERE code = $1`, [
      agency,
    ]);
    return row?.currency ?? 'JPY';
  }

  async userIdByEmail(email: string): Promise<string> {
    const [user]: { id: string }[] = await this.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
    return user.id;
  }
}
