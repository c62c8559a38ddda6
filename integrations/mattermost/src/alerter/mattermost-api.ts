import type { MattermostAttachment } from "./mattermost-message.js";
import { mattermostRequest } from "./mattermost-http.js";
import type { RetryPolicy } from "./mattermost-http.js";

/** A post as the REST API v4 answers it (the fields the alerter reads). */
export interface MattermostPost {
  readonly id: string;
  readonly create_at: number;
  readonly user_id: string;
  readonly channel_id: string;
  readonly root_id: string;
  readonly message: string;
}

export interface MattermostUser {
  readonly id: string;
  readonly username: string;
}

/** `GET /api/v4/posts/{id}/thread`: the root post and its replies. */
interface PostList {
  readonly order: readonly string[];
  readonly posts: Readonly<Record<string, MattermostPost>>;
}

export interface NewPost {
  readonly channel_id: string;
  readonly message: string;
  readonly root_id?: string;
  readonly props?: { readonly attachments: readonly MattermostAttachment[] };
}

/**
 * The Mattermost REST API v4 calls the alerter makes, with a bot or personal
 * access token. The token stays in this object's private field.
 */
export class MattermostApi {
  readonly #base: string;
  readonly #token: string;
  readonly #policy: RetryPolicy | undefined;
  readonly #usernames = new Map<string, Promise<string>>();
  #me: Promise<MattermostUser> | undefined;

  constructor(serverUrl: string, token: string, policy?: RetryPolicy) {
    this.#base = `${serverUrl.replace(/\/+$/, "")}/api/v4`;
    this.#token = token;
    this.#policy = policy;
  }

  /** The server's URL, for messages. */
  get server(): string {
    return this.#base.slice(0, -"/api/v4".length);
  }

  async createPost(post: NewPost, signal?: AbortSignal): Promise<MattermostPost> {
    return JSON.parse(await this.#request("POST", "/posts", post, signal)) as MattermostPost;
  }

  /** The replies to a post, oldest first (the root itself left out). */
  async replies(postId: string, signal?: AbortSignal): Promise<MattermostPost[]> {
    const list = JSON.parse(await this.#request("GET", `/posts/${encodeURIComponent(postId)}/thread`, undefined, signal)) as PostList;
    return Object.values(list.posts)
      .filter((post) => post.root_id === postId)
      .sort((a, b) => a.create_at - b.create_at || (a.id < b.id ? -1 : 1));
  }

  /** The token's own user, fetched once: its posts are not answers. */
  me(signal?: AbortSignal): Promise<MattermostUser> {
    this.#me ??= this.#request("GET", "/users/me", undefined, signal).then(
      (text) => JSON.parse(text) as MattermostUser,
      (error: unknown) => {
        this.#me = undefined; // a failed lookup is tried again next time
        throw error;
      },
    );
    return this.#me;
  }

  /** A user's name, fetched once per user; the id when the lookup fails. */
  username(userId: string, signal?: AbortSignal): Promise<string> {
    let name = this.#usernames.get(userId);
    if (!name) {
      name = this.#request("GET", `/users/${encodeURIComponent(userId)}`, undefined, signal).then(
        (text) => (JSON.parse(text) as MattermostUser).username,
        () => userId,
      );
      this.#usernames.set(userId, name);
    }
    return name;
  }

  #request(method: "GET" | "POST", path: string, body: unknown, signal: AbortSignal | undefined): Promise<string> {
    return mattermostRequest({ method, url: this.#base + path, token: this.#token, body, signal, server: this.server }, this.#policy);
  }
}

/** Posts through an incoming webhook; its URL is a credential, so it is never shown. */
export class MattermostWebhook {
  readonly #url: string;
  readonly #policy: RetryPolicy | undefined;

  constructor(url: string, policy?: RetryPolicy) {
    this.#url = url;
    this.#policy = policy;
  }

  /** `channel` is a channel's name (not its id), as webhooks take it. */
  async send(content: { text: string; attachments?: readonly MattermostAttachment[]; channel?: string }): Promise<void> {
    await mattermostRequest({ method: "POST", url: this.#url, body: content, server: `${new URL(this.#url).origin} (incoming webhook)` }, this.#policy);
  }
}
